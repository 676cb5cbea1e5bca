using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>What the test step handlers saw, by saga id (the handlers run in the test process's silos).</summary>
public static class StepHandlerLog
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Events = new();

    public static readonly ConcurrentDictionary<string, ConcurrentQueue<SagaStepRequest>> Requests = new();

    public static void Record(SagaStepRequest request, string what)
    {
        Requests.GetOrAdd(request.SagaId, _ => new()).Enqueue(request);
        Events.GetOrAdd(request.SagaId, _ => new()).Enqueue(what);
    }

    public static IReadOnlyList<string> Of(string sagaId) => Events.TryGetValue(sagaId, out var q) ? q.ToList() : [];

    public static IReadOnlyList<SagaStepRequest> RequestsOf(string sagaId) => Requests.TryGetValue(sagaId, out var q) ? q.ToList() : [];
}

/// <summary>Reserves <c>/input/qty</c>; fails (retryably) as many first attempts as <c>/input/failFirst</c> says.</summary>
[GrainType("test-reserve")]
public sealed class ReserveStepHandler : Grain, ISagaStepHandler
{
    public Task<SagaStepReply> HandleAsync(SagaStepRequest request, CancellationToken cancellationToken)
    {
        StepHandlerLog.Record(request, $"reserve#{request.Attempt}");
        var input = JsonNode.Parse(request.Input)!;
        var failFirst = input["failFirst"]?.GetValue<int>() ?? 0;
        return Task.FromResult(request.Attempt <= failFirst
            ? SagaStepReply.Failure("warehouse busy")
            : SagaStepReply.Success($$"""{"reserved":{{input["qty"]?.GetValue<int>() ?? 0}}}"""));
    }
}

/// <summary>Undoes a reservation.</summary>
[GrainType("test-release")]
public sealed class ReleaseStepHandler : Grain, ISagaStepHandler
{
    public Task<SagaStepReply> HandleAsync(SagaStepRequest request, CancellationToken cancellationToken)
    {
        StepHandlerLog.Record(request, $"release:{request.Outputs.GetValueOrDefault("reserve")}");
        return Task.FromResult(SagaStepReply.Success());
    }
}

/// <summary>Refuses for good.</summary>
[GrainType("test-reject")]
public sealed class RejectStepHandler : Grain, ISagaStepHandler
{
    public Task<SagaStepReply> HandleAsync(SagaStepRequest request, CancellationToken cancellationToken)
    {
        StepHandlerLog.Record(request, "reject");
        return Task.FromResult(SagaStepReply.Failure("card declined", retryable: false));
    }
}

/// <summary>Never answers on its own: it waits until the step timeout cancels it.</summary>
[GrainType("test-hang")]
public sealed class HangingStepHandler : Grain, ISagaStepHandler
{
    public async Task<SagaStepReply> HandleAsync(SagaStepRequest request, CancellationToken cancellationToken)
    {
        StepHandlerLog.Record(request, "hang");
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            StepHandlerLog.Record(request, "cancelled");
            throw;
        }

        return SagaStepReply.Success();
    }
}
