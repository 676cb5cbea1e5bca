using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansPlatform.Gateway.Bus;
using OrleansPlatform.Gateway.Erasure;
using OrleansPlatform.Gateway.EventStore;
using OrleansPlatform.Gateway.Integrity;
using OrleansPlatform.Gateway.Mesh;
using OrleansPlatform.Gateway.Operations;
using OrleansPlatform.Gateway.Projections;
using OrleansPlatform.Gateway.Registry;
using OrleansPlatform.Gateway.Retention;
using OrleansPlatform.Gateway.Sagas;
using OrleansPlatform.Gateway.Security;
using OrleansPlatform.Gateway.Schemas;
using OrleansPlatform.Gateway.Transactions;

namespace OrleansPlatform.Gateway;

/// <summary>
/// Source-generated JSON metadata for every request and response body of the API, put first in the HTTP JSON
/// options' resolver chain: bodies are read and written by generated code instead of reflection-built converters.
/// A type missing here still goes through the reflection resolver behind it, with the same web defaults, so its JSON
/// does not change (a missing entry costs speed, never correctness).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AckBody))]
[JsonSerializable(typeof(AllEventsResponse))]
[JsonSerializable(typeof(AppendEventsBody))]
[JsonSerializable(typeof(AppendResponse))]
[JsonSerializable(typeof(CallerResponse))]
[JsonSerializable(typeof(MeshTopologyDto))]
[JsonSerializable(typeof(DeadLettersResponse))]
[JsonSerializable(typeof(NackBody))]
[JsonSerializable(typeof(NamePage))]
[JsonSerializable(typeof(PartitionEventsResponse))]
[JsonSerializable(typeof(PolicyBody))]
[JsonSerializable(typeof(PublishBody))]
[JsonSerializable(typeof(PublishResponse))]
[JsonSerializable(typeof(PullResponse))]
[JsonSerializable(typeof(PutSchemaBody))]
[JsonSerializable(typeof(PutTopicBody))]
[JsonSerializable(typeof(RecordedEventDto))]
[JsonSerializable(typeof(RedriveBody))]
[JsonSerializable(typeof(RedriveResponse))]
[JsonSerializable(typeof(RegisterInstanceBody))]
[JsonSerializable(typeof(ResolvedInstanceDto))]
[JsonSerializable(typeof(SagaDefinitionBody))]
[JsonSerializable(typeof(SagaDefinitionResponse))]
[JsonSerializable(typeof(SagaListResponse))]
[JsonSerializable(typeof(SagaResponse))]
[JsonSerializable(typeof(SagaStatisticsResponse))]
[JsonSerializable(typeof(SagaStatusResponse))]
[JsonSerializable(typeof(SchemaListDto))]
[JsonSerializable(typeof(SchemaVersionDto))]
[JsonSerializable(typeof(SeekBody))]
[JsonSerializable(typeof(ServiceDto))]
[JsonSerializable(typeof(ServiceListDto))]
[JsonSerializable(typeof(StartSagaBody))]
[JsonSerializable(typeof(StartTransactionBody))]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(StreamEventsResponse))]
[JsonSerializable(typeof(StreamMetadataBody))]
[JsonSerializable(typeof(StreamMetadataDto))]
[JsonSerializable(typeof(OrleansPlatform.Contracts.Retention.ReclaimReport))]
[JsonSerializable(typeof(StreamStateResponse))]
[JsonSerializable(typeof(StreamVerificationDto))]
[JsonSerializable(typeof(LogVerificationDto))]
[JsonSerializable(typeof(SubscriptionBody))]
[JsonSerializable(typeof(SubjectErasureDto))]
[JsonSerializable(typeof(SubscriptionResponse))]
[JsonSerializable(typeof(TopicResponse))]
[JsonSerializable(typeof(TransactionListResponse))]
[JsonSerializable(typeof(TransactionResponse))]
[JsonSerializable(typeof(TransactionStartResponse))]
[JsonSerializable(typeof(TransactionStatisticsResponse))]
[JsonSerializable(typeof(ParkedEventsResponse))]
[JsonSerializable(typeof(DocumentDiffResponse))]
[JsonSerializable(typeof(DocumentWhatIfResponse))]
[JsonSerializable(typeof(ProjectionDocumentDto))]
[JsonSerializable(typeof(ProjectionDocumentsResponse))]
[JsonSerializable(typeof(ProjectionListResponse))]
[JsonSerializable(typeof(ProjectionResponse))]
[JsonSerializable(typeof(PutProjectionBody))]
[JsonSerializable(typeof(List<PublishResponse>))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
