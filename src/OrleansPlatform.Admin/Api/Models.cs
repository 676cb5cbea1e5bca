using System.Text.Json;

namespace OrleansPlatform.Admin.Api;

// The bodies of the API routes the UI reads, as api.md documents them (camelCase JSON, read with web defaults).
// Only the fields the UI shows; anything else the API adds is ignored.

public sealed record PlatformStatus(IReadOnlyList<SiloInfo> Silos, StorageInfo Storage, long? Head, long? Streams, long? Topics, long? Subscriptions, long? DeadLetters, DateTimeOffset AsOf);

public sealed record SiloInfo(string Address, string Status);

public sealed record StorageInfo(string Kind, bool Healthy);

public sealed record HealthReport(string Status, Dictionary<string, HealthCheck> Checks);

public sealed record HealthCheck(string Status, string? Description, Dictionary<string, JsonElement>? Data);

public sealed record NamePage(IReadOnlyList<string> Items, string? Next);

public sealed record RecordedEvent(
    string EventId, string StreamId, long Version, long Position, string Type, JsonElement Data, JsonElement? Metadata,
    string? CorrelationId, string? CausationId, DateTimeOffset Timestamp);

public sealed record StreamInfo(string StreamId, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record StreamEvents(string StreamId, long Version, IReadOnlyList<RecordedEvent> Events);

public sealed record StreamState(string StreamId, long Version, JsonElement State);

public sealed record FeedPage(IReadOnlyList<RecordedEvent> Events, long NextPosition);

public sealed record StreamDiff(string StreamId, long FromVersion, long ToVersion, JsonElement From, JsonElement To, JsonElement Diff);

public sealed record WhatIfResult(string StreamId, long Version, JsonElement Actual, JsonElement Hypothetical, JsonElement Diff);

public sealed record VerifyResult(bool Valid, long? Checked, long? BrokenAt);

public sealed record SagaSummary(string SagaId, string Definition, int Version, string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Reason, string? FailedStep);

public sealed record SagaList(IReadOnlyList<SagaSummary> Sagas, string? NextCursor);

public sealed record SagaStatistics(long Total, Dictionary<string, long> ByStatus, double SuccessRate, double CompensationRate, double? DurationP50Ms, double? DurationP99Ms);

public sealed record SagaStep(string Name, string Status, int Attempts, JsonElement? Output, string? Error, int CompensationAttempts);

public sealed record SagaHistoryEntry(long Version, string Type, DateTimeOffset Timestamp, string? Step, string? Detail);

public sealed record Saga(
    string SagaId, string Definition, int Version, string Status, JsonElement? Input, IReadOnlyList<SagaStep> Steps,
    IReadOnlyList<SagaHistoryEntry> History, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Reason, string? FailedStep)
{
    /// <summary>Nothing changes any more unless an operator acts (retry a failed compensation).</summary>
    public bool Finished => Status is "completed" or "compensated" or "failed" or "timedOut" or "cancelled";
}

public sealed record TopicInfo(string Name, int Partitions, TimeSpan Retention, TimeSpan DedupWindow, int MaxEventBytes, DateTimeOffset CreatedAt);

public sealed record PartitionProgress(int Partition, long Checkpoint, long EndOffset, long Lag, long Delivered, long Failed, long DeadLettered, IReadOnlyList<ParkedKey>? ParkedKeys);

public sealed record ParkedKey(string Key, long Offset, int Attempts, DateTimeOffset NextAttemptAt, int Waiting);

public sealed record SubscriptionInfo(
    string Name, string Topic, IReadOnlyList<string> Types, string Delivery, string? Url, int MaxAttempts, int MaxInFlight,
    IReadOnlyList<PartitionProgress> Partitions, long Lag, long Delivered, long Failed, long DeadLettered, int DeadLetterCount,
    TimeSpan? OldestDeadLetterAge, Dictionary<string, long> Checkpoints);

public sealed record DeadLetter(string Id, int Partition, long Offset, Guid EventId, string? Key, string Type, int Attempts, string Reason, string? LastError, DateTimeOffset DeadLetteredAt);

public sealed record DeadLetterList(IReadOnlyList<DeadLetter> DeadLetters);

public sealed record TransactionSummary(string TransactionId, string Status, int Participants, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

public sealed record TransactionList(IReadOnlyList<TransactionSummary> Transactions, string? NextCursor);

public sealed record TransactionStatistics(Dictionary<string, long> ByStatus, long Total, double? CommitRate, double? DurationP50Ms, double? DurationP99Ms, double? AbortRate);

public sealed record Participant(string Branch, string Vote, string Outcome, int Attempts, string? LastError);

public sealed record Transaction(
    string TransactionId, string Status, IReadOnlyList<Participant> Participants, TimeSpan Timeout, DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt, DateTimeOffset? CompletedAt, string? Reason);

public sealed record ServiceSummary(string Service, long Index, int Instances, int Healthy);

public sealed record ServiceList(IReadOnlyList<ServiceSummary> Services);

public sealed record ServiceInstance(string InstanceId, string Address, string Status, int Weight, Dictionary<string, string>? Metadata, IReadOnlyList<string>? Tags, DateTimeOffset? LastHeartbeat);

public sealed record ServiceDetail(string Service, long Index, JsonElement? Policy, IReadOnlyList<ServiceInstance> Instances);

public sealed record ProjectionInfo(
    string Name, int? Version, string? Status, long? Checkpoint, long? Head, long? LagEvents, double? LagSeconds, JsonElement? Building, long? Parked);

public sealed record ProjectionDocument(string Id, long? Version, long? Position, JsonElement Data);

public sealed record DocumentPage(IReadOnlyList<ProjectionDocument> Documents, string? NextCursor);

public sealed record TopicMessage(int Partition, long Offset, Guid EventId, string? Key, string Type, JsonElement Data, string Priority, string? CorrelationId, DateTimeOffset Timestamp);

public sealed record TopicPartitionEvents(IReadOnlyList<TopicMessage> Events, long FirstAvailableOffset, long EndOffset);
