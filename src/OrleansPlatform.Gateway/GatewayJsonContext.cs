using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansPlatform.Gateway.Bus;
using OrleansPlatform.Gateway.EventStore;
using OrleansPlatform.Gateway.Operations;

namespace OrleansPlatform.Gateway;

/// <summary>
/// Source-generated JSON metadata for the bodies of the busiest routes (appends, reads, the feed, publishes), put
/// first in the HTTP JSON options' resolver chain: those bodies are read and written by generated code instead of
/// reflection-built converters. Types not listed here still go through the reflection resolver behind it, with the
/// same web defaults, so their JSON does not change.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AppendEventsBody))]
[JsonSerializable(typeof(AppendResponse))]
[JsonSerializable(typeof(StreamEventsResponse))]
[JsonSerializable(typeof(AllEventsResponse))]
[JsonSerializable(typeof(StreamStateResponse))]
[JsonSerializable(typeof(RecordedEventDto))]
[JsonSerializable(typeof(PublishBody))]
[JsonSerializable(typeof(PublishResponse))]
[JsonSerializable(typeof(List<PublishResponse>))]
[JsonSerializable(typeof(PartitionEventsResponse))]
[JsonSerializable(typeof(StatusResponse))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
