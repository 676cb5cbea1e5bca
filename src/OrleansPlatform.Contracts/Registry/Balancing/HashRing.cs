using System.IO.Hashing;
using System.Text;

namespace OrleansPlatform.Contracts.Registry.Balancing;

/// <summary>
/// Consistent hashing: every instance owns <see cref="VirtualNodes"/> points on a 64-bit ring (xxHash64 of
/// <c>{instanceId}#{n}</c>) and a key goes to the owner of the first point at or after the key's hash. When an
/// instance leaves, only the keys it owned move; the rest stay where they were.
/// </summary>
public sealed class HashRing
{
    /// <summary>Points each instance owns on the ring.</summary>
    public const int VirtualNodes = 160;

    private readonly ulong[] _points;
    private readonly string[] _owners;

    /// <summary>Builds the ring of <paramref name="instanceIds"/>.</summary>
    public HashRing(IEnumerable<string> instanceIds)
    {
        var nodes = instanceIds
            .SelectMany(id => Enumerable.Range(0, VirtualNodes).Select(n => (Point: Hash($"{id}#{n}"), Id: id)))
            .OrderBy(n => n.Point)
            .ThenBy(n => n.Id, StringComparer.Ordinal)
            .ToArray();
        _points = nodes.Select(n => n.Point).ToArray();
        _owners = nodes.Select(n => n.Id).ToArray();
    }

    /// <summary>The instance that owns <paramref name="key"/>.</summary>
    public string Owner(string key)
    {
        var index = Array.BinarySearch(_points, Hash(key));
        if (index < 0)
        {
            index = ~index;
        }

        return _owners[index == _points.Length ? 0 : index];
    }

    private static ulong Hash(string text) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text));
}
