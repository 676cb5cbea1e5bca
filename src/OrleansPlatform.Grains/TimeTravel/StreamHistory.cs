using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Grains.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.TimeTravel;

/// <summary>Folds a stream's events up to a version with the default fold (JSON merge-patch), leaving some out.</summary>
internal static class StreamHistory
{
    private const int PageSize = 1_000;

    /// <summary>The folded state and the ids of the events seen up to <paramref name="upTo"/>.</summary>
    public static async Task<(JsonObject State, HashSet<Guid> Seen)> FoldAsync(IEventLog log, string streamId, long upTo, IReadOnlySet<Guid> without)
    {
        var state = new JsonObject();
        var seen = new HashSet<Guid>();
        for (var from = 1L; from <= upTo; from += PageSize)
        {
            var page = await log.ReadStreamAsync(streamId, from, (int)Math.Min(PageSize, upTo - from + 1), ReadDirection.Forward, CancellationToken.None);
            foreach (var e in page)
            {
                seen.Add(e.EventId);
                if (!without.Contains(e.EventId) && !e.Redacted)
                {
                    JsonMergePatch.Apply(state, JsonNode.Parse(e.Data));
                }
            }

            if (page.Count == 0)
            {
                break;
            }
        }

        return (state, seen);
    }
}
