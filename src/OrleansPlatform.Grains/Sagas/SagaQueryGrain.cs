using System.Text.Json;
using Orleans.Concurrency;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Storage.ReadModels;
using OrleansPlatform.Storage.Sagas;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>Answers saga lists and statistics from the read model, on whichever silo is asked.</summary>
[StatelessWorker, Reentrant]
internal sealed class SagaQueryGrain(ISagaIndex index) : Grain, ISagaQueryGrain
{
    public const int MaxLimit = 1_000;

    public async Task<SagaList> ListAsync(SagaListQuery query)
    {
        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new PlatformValidationException("limit", $"Between 1 and {MaxLimit}.");
        }

        if (query.Cursor is not null && KeysetCursor.Decode(query.Cursor) is null)
        {
            throw new PlatformValidationException("cursor", "Not a cursor this API returned.");
        }

        var page = await index.QueryAsync(
            new SagaQuery(query.Statuses?.Select(SagaViews.StatusName).ToList(), query.Definition, query.From, query.To, query.Limit, query.Cursor),
            CancellationToken.None);
        return new SagaList(page.Sagas.Select(e => new SagaSummary(e.SagaId, e.Definition, e.DefinitionVersion, ParseStatus(e.Status), e.StartedAt, e.EndedAt, e.Reason, e.FailedStep)).ToList(), page.NextCursor);
    }

    public Task<SagaStatistics> StatisticsAsync(string? definition = null, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        index.StatisticsAsync(new SagaStatisticsFilter(definition, from, to), CancellationToken.None);

    private static SagaStatus ParseStatus(string status) => Enum.Parse<SagaStatus>(status, ignoreCase: true);
}

/// <summary>Views of a saga's state for callers and for the read model.</summary>
internal static class SagaViews
{
    public static string StatusName(SagaStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    public static SagaView From(SagaState state) => new(
        state.SagaId!, state.Definition, state.Version, state.Status, state.Input,
        state.StepStates.Select(s => new SagaStepView(s.Definition.Name, ShownStatus(state, s), s.Attempts, s.Output, s.Error, s.CompensationAttempts)).ToList(),
        state.History.ToList(), state.StartedAt, state.EndedAt, state.Reason, state.FailedStep);

    public static SagaIndexEntry Entry(SagaState state) => new(
        state.SagaId!, state.Definition, state.Version, StatusName(state.Status), state.StartedAt, state.EndedAt,
        state.History.Count, state.Status is not (SagaStatus.Running or SagaStatus.Completed), state.Reason, state.FailedStep);

    // A step that never ran (or was waiting to retry) when the saga stopped going forward was skipped.
    private static StepStatus ShownStatus(SagaState state, SagaStepState step) =>
        state.Status != SagaStatus.Running && step.Status == StepStatus.Pending
            ? StepStatus.Skipped
            : state.Status != SagaStatus.Running && step.Status == StepStatus.Retrying && !step.Compensating ? StepStatus.Failed : step.Status;
}
