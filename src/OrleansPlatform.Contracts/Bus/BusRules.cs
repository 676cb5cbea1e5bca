using System.IO.Hashing;
using System.Text;

namespace OrleansPlatform.Contracts.Bus;

/// <summary>Rules of the event bus shared by gateway, client and grains.</summary>
public static class BusRules
{
    /// <summary>Most partitions a topic may have.</summary>
    public const int MaxPartitions = 256;

    /// <summary>The partition of a key: a stable hash (xxHash32 of its UTF-8 bytes), the same on every machine and version.</summary>
    public static int PartitionOf(string key, int partitions) =>
        (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(key)) % (uint)partitions);

    /// <summary>Returns an error when <paramref name="name"/> is not a valid topic or subscription name.</summary>
    public static string? NameError(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            ? "A name has 1 to 100 letters, digits, '_', '.' or '-'."
            : null;

    /// <summary>The grain key of a topic (or subscription) partition: <c>{name}/{partition}</c>.</summary>
    public static string PartitionKey(string name, int partition) => $"{name}/{partition}";

    /// <summary>Splits a key made by <see cref="PartitionKey"/> back into name and partition.</summary>
    public static (string Name, int Partition) ParsePartitionKey(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], int.Parse(key[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
