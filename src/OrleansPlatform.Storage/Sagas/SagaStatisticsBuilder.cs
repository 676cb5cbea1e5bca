using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Storage.Sagas;

/// <summary>Turns the read model's grouped counts and percentiles into <see cref="SagaStatistics"/>, the same way on every backend.</summary>
internal static class SagaStatisticsBuilder
{
    public static SagaStatistics Build(IReadOnlyList<(string Definition, string Status, long Count, long Compensated)> counts, double? p50, double? p99)
    {
        var rows = counts.Select(c => (c.Definition, Status: Enum.Parse<SagaStatus>(c.Status, ignoreCase: true), c.Count, c.Compensated)).ToList();
        var byStatus = rows.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Sum(c => c.Count));
        var byDefinition = rows.GroupBy(c => c.Definition).ToDictionary(
            g => g.Key, g => (IReadOnlyDictionary<SagaStatus, long>)g.ToDictionary(c => c.Status, c => c.Count), StringComparer.Ordinal);
        var finished = rows.Where(c => c.Status.IsFinished()).ToList();
        var finishedCount = finished.Sum(c => c.Count);
        var completed = byStatus.GetValueOrDefault(SagaStatus.Completed);
        var compensated = finished.Sum(c => c.Compensated);
        return new SagaStatistics(
            rows.Sum(c => c.Count), byStatus, byDefinition,
            finishedCount == 0 ? 0 : (double)completed / finishedCount,
            finishedCount == 0 ? 0 : (double)compensated / finishedCount,
            p50, p99);
    }
}
