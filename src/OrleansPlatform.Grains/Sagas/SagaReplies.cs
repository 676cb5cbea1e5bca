using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>
/// Bus steps: the reply to a step's command is the first event of the reply type with correlation id
/// <c>{sagaId}:{step}</c> in the command's topic, after the offsets journaled when the step first started. A restarted
/// saga scans again from those offsets, so a reply is never lost.
/// </summary>
internal static class SagaReplies
{
    private const int PageSize = 500;

    public static bool AwaitsReply(SagaState state) => state.StepStates.Any(IsAwaitingReply);

    /// <summary>Each partition's next offset, or an empty map when the topic does not exist (the publish then fails).</summary>
    public static async Task<IReadOnlyDictionary<int, long>> EndOffsetsAsync(IGrainFactory grains, string topic)
    {
        if (await grains.GetGrain<ITopicGrain>(topic).GetAsync() is not { } info)
        {
            return new Dictionary<int, long>();
        }

        var ends = await Task.WhenAll(Enumerable.Range(0, info.Settings.Partitions).Select(async p =>
            (Partition: p, (await grains.GetGrain<ITopicPartitionGrain>(BusRules.PartitionKey(topic, p)).ReadAsync(long.MaxValue - 1, 1)).EndOffset)));
        return ends.ToDictionary(e => e.Partition, e => e.EndOffset);
    }

    /// <summary>The successes of bus steps whose reply has arrived; <paramref name="scanned"/> remembers how far each partition was read.</summary>
    public static async Task<List<object>> FindAsync(IGrainFactory grains, string sagaId, SagaState state, Dictionary<(string Step, int Partition), long> scanned)
    {
        var found = new List<object>();
        foreach (var step in state.StepStates.Where(IsAwaitingReply))
        {
            var action = step.Definition.Action;
            var correlation = StepBodies.CorrelationId(sagaId, step.Definition.Name);
            foreach (var (partition, from) in step.ReplyFrom!)
            {
                var key = (step.Definition.Name, partition);
                var offset = scanned.GetValueOrDefault(key, from);
                PartitionSlice slice;
                try
                {
                    slice = await grains.GetGrain<ITopicPartitionGrain>(BusRules.PartitionKey(action.Topic!, partition)).ReadAsync(offset, PageSize);
                }
                catch (RetentionExceededException ex)
                {
                    scanned[key] = ex.FirstAvailableOffset;
                    continue;
                }

                var reply = slice.Events.FirstOrDefault(m => m.Type == action.ReplyType && m.CorrelationId == correlation);
                if (reply is not null)
                {
                    found.Add(new StepSucceeded(step.Definition.Name, step.Attempts, reply.Data));
                    break;
                }

                if (slice.Events.Count > 0)
                {
                    scanned[key] = slice.Events[^1].Offset + 1;
                }
            }
        }

        return found;
    }

    private static bool IsAwaitingReply(SagaStepState step) =>
        step.Status == StepStatus.Running && !step.Compensating && step.Definition.Action.Kind == StepKind.Bus && step.ReplyFrom is not null;
}
