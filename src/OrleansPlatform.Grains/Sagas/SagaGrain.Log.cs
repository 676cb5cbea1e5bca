using Microsoft.Extensions.Logging;

namespace OrleansPlatform.Grains.Sagas;

internal sealed partial class SagaGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga {SagaId} could not update the saga read model; retrying shortly")]
    private static partial void LogIndexFailed(ILogger logger, Exception exception, string sagaId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga {SagaId} could not journal its next decisions; retrying shortly")]
    private static partial void LogAdvanceFailed(ILogger logger, Exception exception, string sagaId);
}
