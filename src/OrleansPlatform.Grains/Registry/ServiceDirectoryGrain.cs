using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Registry;

/// <summary>Journal event: a service was registered for the first time.</summary>
[EventType("ServiceListed.v1")]
internal sealed record ServiceListed(string Service);

/// <summary>The names of every service, folded from <c>$services</c>.</summary>
public sealed class ServiceDirectoryState : IJournalState
{
    public SortedSet<string> Services { get; } = new(StringComparer.Ordinal);

    public void Apply(JournalEntry entry)
    {
        if (entry.Event is ServiceListed listed)
        {
            Services.Add(listed.Service);
        }
    }
}

/// <summary>Lists services for <c>GET /api/v1/services</c>; a name is written once, when first seen.</summary>
public sealed class ServiceDirectoryGrain(JournalServices journal) : LogBackedGrain<ServiceDirectoryState>(journal), IServiceDirectoryGrain
{
    protected override string LogStreamId => "$services";

    public async Task AddAsync(string service)
    {
        RegistryRules.EnsureNames(service);
        if (!State.Services.Contains(service))
        {
            (await JournalAsync([new ServiceListed(service)])).EnsureCommitted("The service directory changed concurrently; retry.");
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() => Task.FromResult<IReadOnlyList<string>>(State.Services.ToList());
}
