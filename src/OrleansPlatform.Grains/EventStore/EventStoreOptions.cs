using System.ComponentModel.DataAnnotations;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>Limits of the event store, bound from the <c>Platform</c> configuration section.</summary>
public sealed class EventStoreOptions
{
    /// <summary>Largest event (data plus metadata) in bytes: <c>Platform:MaxEventBytes</c>.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxEventBytes { get; set; } = EventStoreRules.DefaultMaxEventBytes;
}
