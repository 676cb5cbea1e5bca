using OrleansPlatform.Contracts.Registry;

namespace OrleansPlatform.Grains.Registry;

/// <summary>Whether a registration repeats the one on record, so an instance re-registering unchanged writes nothing.</summary>
internal static class RegistrationComparer
{
    public static bool Same(ServiceRegistration a, ServiceRegistration b) =>
        a.Address == b.Address && a.Weight == b.Weight && a.Ttl == b.Ttl && a.HealthCheck == b.HealthCheck
        && (a.Tags ?? []).SequenceEqual(b.Tags ?? [], StringComparer.Ordinal)
        && Ordered(a.Metadata).SequenceEqual(Ordered(b.Metadata));

    private static IEnumerable<KeyValuePair<string, string>> Ordered(IReadOnlyDictionary<string, string>? metadata) =>
        (metadata ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal);
}
