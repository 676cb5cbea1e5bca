using OrleansPlatform.Contracts.EventStore;
using OrleansPlatform.Storage.EventLog;

namespace OrleansPlatform.Grains.TimeTravel;

/// <summary>The global feed from a time: a page with only the events stamped at or after it.</summary>
public static class FeedFromTime
{
    /// <summary>
    /// Reads a page starting no earlier than <see cref="ReadAllRequest.FromPosition"/> nor later than any event stamped at
    /// or after <paramref name="fromTime"/>, while stamps disagree with commit order by at most <paramref name="maxClockSkew"/>.
    /// </summary>
    public static async Task<AllEventsSlice> ReadAsync(IEventLog log, ReadAllRequest request, DateTimeOffset fromTime, TimeSpan maxClockSkew)
    {
        // Stamps may disagree with commit order by up to the skew, so the search looks back that far (and the window
        // covers stamps that far ahead); filtering by time below removes what the wider start lets in.
        var found = await log.FindPositionAtAsync(fromTime - maxClockSkew, maxClockSkew + maxClockSkew, CancellationToken.None);
        // Never start above events still committing: they may be stamped at or after the time.
        var end = await log.GetEndPositionAsync(CancellationToken.None);
        var start = Math.Max(request.FromPosition, Math.Min(found ?? end, end));
        var slice = await log.ReadAllAsync(request with { FromPosition = start }, CancellationToken.None);
        return slice with { Events = slice.Events.Where(e => e.Timestamp >= fromTime).ToList() };
    }
}
