namespace OrleansPlatform.Contracts.Schemas;

/// <summary>One registered version of an event type's JSON Schema.</summary>
/// <param name="EventType">The event type it governs.</param>
/// <param name="Version">Its version, from 1, one more than the previous one.</param>
/// <param name="Schema">The JSON Schema as JSON text.</param>
/// <param name="UpcastFrom">How events of the previous version become events of this one; null for the first version or when they already fit.</param>
/// <param name="RegisteredAt">When it was registered.</param>
[GenerateSerializer, Immutable, Alias("op.schema.EventSchema")]
public sealed record EventSchema(
    [property: Id(0)] string EventType,
    [property: Id(1)] int Version,
    [property: Id(2)] string Schema,
    [property: Id(3)] SchemaUpcast? UpcastFrom,
    [property: Id(4)] DateTimeOffset RegisteredAt);

/// <summary>
/// Declarative rules that turn an event's data from <see cref="Version"/> into the next version: a JSON array of
/// <c>{"rename":{"/from":"/to"}}</c>, <c>{"move":{"/from":"/to"}}</c>, <c>{"default":{"/path":value}}</c> and
/// <c>{"remove":["/path"]}</c>, applied in order.
/// </summary>
/// <param name="Version">The version the rules start from (the registered version minus one).</param>
/// <param name="Rules">The rules as a JSON array text.</param>
[GenerateSerializer, Immutable, Alias("op.schema.SchemaUpcast")]
public sealed record SchemaUpcast(
    [property: Id(0)] int Version,
    [property: Id(1)] string Rules);

/// <summary>A request to register a version of an event type's schema.</summary>
/// <param name="Version">The version: 1 for a new type, otherwise the latest plus one (or an existing version, repeated identically).</param>
/// <param name="Schema">The JSON Schema as JSON text.</param>
/// <param name="UpcastFrom">The upcast from the previous version, if events need one.</param>
[GenerateSerializer, Immutable, Alias("op.schema.RegisterSchemaRequest")]
public sealed record RegisterSchemaRequest(
    [property: Id(0)] int Version,
    [property: Id(1)] string Schema,
    [property: Id(2)] SchemaUpcast? UpcastFrom);

/// <summary>The outcome of a registration.</summary>
/// <param name="Schema">The registered version.</param>
/// <param name="Created">False when the same version had been registered identically before (nothing changed).</param>
[GenerateSerializer, Immutable, Alias("op.schema.RegisterSchemaResult")]
public sealed record RegisterSchemaResult(
    [property: Id(0)] EventSchema Schema,
    [property: Id(1)] bool Created);

/// <summary>Every registered schema, as of a revision of the registry.</summary>
/// <param name="Revision">The registry's revision; it grows with each registration.</param>
/// <param name="Schemas">Every version of every registered type.</param>
[GenerateSerializer, Immutable, Alias("op.schema.SchemaSnapshot")]
public sealed record SchemaSnapshot(
    [property: Id(0)] long Revision,
    [property: Id(1)] IReadOnlyList<EventSchema> Schemas);
