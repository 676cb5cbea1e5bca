using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Grains.Projections;

/// <summary>
/// One partition of a projection version, keyed <c>{name}|{version}|{partition}</c>: reads the whole feed and folds
/// the events whose document id hashes to it, committing documents with its checkpoint.
/// </summary>
[Alias("op.proj.IProjectionPartitionGrain")]
public interface IProjectionPartitionGrain : IGrainWithStringKey
{
    /// <summary>Starts (or keeps) folding <paramref name="version"/>.</summary>
    [Alias("Start"), Orleans.Concurrency.AlwaysInterleave]
    Task StartAsync(ProjectionDefinitionInfo version);

    /// <summary>Stops folding; interleaves with a running page, which ends at its commit.</summary>
    [Alias("Stop"), Orleans.Concurrency.AlwaysInterleave]
    Task StopAsync();
}

/// <summary>Partition keys and document placement.</summary>
public static class ProjectionPartitions
{
    public static string Key(string name, int version, int partition) => $"{name}|{version}|{partition}";

    public static (string Name, int Version, int Partition) Parse(string key)
    {
        var parts = key.Split('|');
        return (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The partition owning <paramref name="documentId"/>: a stable hash, the same on every silo and run.</summary>
    public static int Of(string documentId, int partitions) =>
        partitions == 1 ? 0 : (int)(System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(documentId)) % (uint)partitions);
}
