using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Projections;

/// <summary>Journal event of <c>$projection:{name}</c>: a version to build (the first one serves at once).</summary>
[EventType("ProjectionVersionStored.v1")]
internal sealed record ProjectionVersionStored(string Name, int Version, ProjectionDefinition Definition, DateTimeOffset CreatedAt, long StartPosition, int Partitions);

/// <summary>The building version caught up and now serves queries.</summary>
[EventType("ProjectionPromoted.v1")]
internal sealed record ProjectionPromoted(int Version);

/// <summary>Processing paused (true) or resumed (false; also clears a halt).</summary>
[EventType("ProjectionPauseChanged.v1")]
internal sealed record ProjectionPauseChanged(bool Paused);

/// <summary>A version halted at a poison event.</summary>
[EventType("ProjectionHalted.v1")]
internal sealed record ProjectionHalted(int Version, long Position, string Error);

/// <summary>The projection was deleted; version numbers keep counting so a re-created one never reuses old documents.</summary>
[EventType("ProjectionDeleted.v1")]
internal sealed record ProjectionDeleted;
