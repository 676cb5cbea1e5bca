using System.Text.Json.Serialization;

namespace OrleansPlatform.Contracts.Projections;

/// <summary>What a projection does when a rule cannot apply to an event (a poison event).</summary>
public enum ProjectionErrorMode
{
    /// <summary>Park the event in the projection's dead letters with its position and error, and go on.</summary>
    Park,

    /// <summary>Stop the projection at the event until it is rebuilt or resumed.</summary>
    Halt,
}

/// <summary>The events a projection reads from the global feed; both parts, when given, must match.</summary>
/// <param name="StreamPrefix">Only streams whose id starts with this; null: every stream.</param>
/// <param name="Types">Only these event types; <c>*</c> matches any run of characters (<c>Order*</c>). Null: every type.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionSource")]
public sealed record ProjectionSource(
    [property: Id(0)] string? StreamPrefix = null,
    [property: Id(1)] IReadOnlyList<string>? Types = null);

/// <summary>
/// A declarative rule applied to the document of an event's partition key when the event's type matches
/// <see cref="On"/>. Keys of the maps are JSON pointers into the document; values of <see cref="Set"/> and
/// <see cref="Append"/> are JSON pointers into the recorded event (<c>/data/total</c>, <c>/streamId</c>, <c>""</c>: the event).
/// </summary>
/// <param name="On">The event type, <c>*</c> wildcards allowed; the first matching rule of a definition applies.</param>
/// <param name="Set">Document pointer to event pointer: the member is set to the event's value.</param>
/// <param name="Increment">Document pointer to a number added to the member (a missing member counts as 0).</param>
/// <param name="Append">Document pointer to event pointer: the event's value is appended to the array member.</param>
/// <param name="Remove">Document pointers whose members are removed.</param>
/// <param name="Delete">Deletes the whole document; no other action may accompany it.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionRule")]
public sealed record ProjectionRule(
    [property: Id(0)] string On,
    [property: Id(1)] IReadOnlyDictionary<string, string>? Set = null,
    [property: Id(2)] IReadOnlyDictionary<string, decimal>? Increment = null,
    [property: Id(3)] IReadOnlyDictionary<string, string>? Append = null,
    [property: Id(4)] IReadOnlyList<string>? Remove = null,
    [property: Id(5)] bool Delete = false);

/// <summary>How events fold into documents: the default JSON merge-patch of each event's data, declarative rules, or a .NET projection.</summary>
/// <param name="Rules">The rules; null: merge-patch (events of types no rule names leave the document unchanged).</param>
/// <param name="Code">
/// The name of a .NET projection registered in every silo with <c>AddProjection&lt;T&gt;()</c>, whose <c>Apply</c> is the
/// fold; such definitions are stored by the silo at start, never over HTTP.
/// </param>
/// <param name="CodeVersion">The .NET projection's declared version: raising it stores a new definition version, rebuilt beside the serving one.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionFold")]
public sealed record ProjectionFold(
    [property: Id(0)] IReadOnlyList<ProjectionRule>? Rules = null,
    [property: Id(1)] string? Code = null,
    [property: Id(2)] int CodeVersion = 0)
{
    /// <summary>The default fold: RFC 7386 merge-patch of each event's data into the document.</summary>
    public static readonly ProjectionFold MergePatch = new();

    /// <summary>Whether this is the merge-patch fold.</summary>
    [JsonIgnore]
    public bool IsMergePatch => Rules is null && Code is null;
}

/// <summary>A projection: a named fold of the global feed into queryable documents, one per partition key.</summary>
/// <param name="Source">The events it reads.</param>
/// <param name="PartitionBy"><c>streamId</c>, or a JSON pointer into the recorded event (<c>/data/customerId</c>) naming the document id.</param>
/// <param name="Fold">How events change documents; null: merge-patch.</param>
/// <param name="StartFrom"><c>earliest</c> (default), <c>latest</c> (the head when the version starts), or a global position.</param>
/// <param name="OnError">What a poison event does.</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionDefinition")]
public sealed record ProjectionDefinition(
    [property: Id(0)] ProjectionSource Source,
    [property: Id(1)] string PartitionBy = ProjectionDefinition.StreamIdKey,
    [property: Id(2)] ProjectionFold? Fold = null,
    [property: Id(3)] string? StartFrom = null,
    [property: Id(4)] ProjectionErrorMode OnError = ProjectionErrorMode.Park)
{
    /// <summary>The <see cref="PartitionBy"/> value that keys documents by stream id.</summary>
    public const string StreamIdKey = "streamId";

    /// <summary>The fold in force, never null.</summary>
    [JsonIgnore]
    public ProjectionFold FoldOrDefault => Fold ?? ProjectionFold.MergePatch;
}

/// <summary>A stored version of a projection definition.</summary>
/// <param name="Name">The projection's name.</param>
/// <param name="Version">Its version, from 1; a changed definition is a new version built beside the serving one.</param>
/// <param name="Definition">The definition.</param>
/// <param name="CreatedAt">When this version was stored.</param>
/// <param name="StartPosition">The feed position it starts reading at (<c>startFrom</c> resolved when the version was stored).</param>
/// <param name="Partitions">How many partitions share its documents by hash of the document id (fixed per version).</param>
[GenerateSerializer, Immutable, Alias("op.proj.ProjectionDefinitionInfo")]
public sealed record ProjectionDefinitionInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version,
    [property: Id(2)] ProjectionDefinition Definition,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] long StartPosition = 0,
    [property: Id(5)] int Partitions = 1);
