namespace OrleansPlatform.Gateway.Documentation;

/// <summary>
/// The words of the OpenAPI document, per route name, in one place beside nothing else: what each operation does,
/// what it promises and which problems are its own. Route modules name their routes; this table explains them.
/// </summary>
public static class ApiDocumentation
{
    private const int NotFound = 404;
    private const int Conflict = 409;
    private const int Gone = 410;

    /// <summary>The document's title.</summary>
    public const string Title = "OrleansPlatform API";

    /// <summary>The document's description: what the platform is and how its API behaves everywhere.</summary>
    public const string Description =
        "An event-driven microservices platform on Microsoft Orleans: an event store (streams with optimistic concurrency, " +
        "idempotent appends, a gap-free global feed, time travel), an event bus (topics with per-key order, webhook, pull and " +
        ".NET delivery, retries, dead letters), sagas and two-phase commit, and a service registry. " +
        "Bodies are JSON (camelCase), times RFC 3339 UTC. Every error is an RFC 9457 ProblemDetails " +
        "(`application/problem+json`) with `status`, `title`, `detail` and, for validation, `errors` keyed by field. " +
        "With keys configured, send `X-Api-Key` or `Authorization: Bearer <JWT>`; roles are admin, writer and reader.";

    private const string MeshCall =
        "Forwards to `/{path}` on a healthy instance of `service`, picked by its policy's `loadBalancing` (`X-Mesh-Key` is the key of `consistentHash`), with the policy's timeout per attempt, deadline, retries (GET, HEAD, OPTIONS, PUT, DELETE, or any request with `Idempotency-Key`, within a retry budget), a circuit breaker per instance, passive outlier ejection, a rate limit per caller and the allowlist. " +
        "The caller is the credential's identity (API key `Name`, JWT `client_id`/`azp`/`sub`); only with the API open on loopback is `X-Caller-Service` taken as given. The service receives `X-Caller-Service`, `traceparent` and `X-Platform-Deadline` (milliseconds left; an incoming one shortens the call's deadline), never the platform's credentials. " +
        "Refusals are ProblemDetails with `rule`: 403 `allowlist`, 429 `rateLimit` (with `Retry-After`), 503 `noHealthyInstance` or `circuitOpen`, 504 `timeout`, 502 `upstreamUnavailable`.";

    private const string MeshBody = " POST and PATCH are never repeated unless they carry `Idempotency-Key`; a repeated request's body is buffered so each attempt sends it whole.";

    /// <summary>Route name to its documentation.</summary>
    public static readonly IReadOnlyDictionary<string, RouteDoc> Routes = new Dictionary<string, RouteDoc>
    {
        // Event store
        ["AppendToStream"] = new("Append events to a stream",
            "Appends all events of the request atomically. `expectedVersion` is 0 (the stream must not exist), N (its version must be N), `\"exists\"` or `\"any\"` (default). " +
            "201 with the versions and the global position of the last event; repeating a request whose eventIds were appended answers 200 with the original result and appends nothing. " +
            "409 on a wrong expected version, with `expectedVersion` (as sent) and `actualVersion`; 413 for an event above `Platform:MaxEventBytes`.", Conflict) { RequestExample = """{"expectedVersion":0,"events":[{"eventId":"5b7f0a2e-5a0b-4a55-9d0e-1f6a3f0e0001","type":"OrderPlaced","data":{"total":42,"status":"placed"},"correlationId":"checkout-1"}]}""" },
        ["ReadStream"] = new("Read a stream's events",
            "Events from version `from` (default 1 forward, the end backward), at most `limit`, in `direction` forward or backward. Events of a type with a schema come upcast to its latest version (`schemaVersion`); `raw=true` shows them as stored. 404 for a stream that never existed.", NotFound),
        ["GetStream"] = new("Get a stream's version and times", "The stream's current version and when it was created and last appended to. 404 if absent.", NotFound),
        ["SetStreamMetadata"] = new("Set a stream's retention",
            "`{\"maxAge\":\"30.00:00:00\",\"maxCount\":1000,\"truncateBefore\":N}`, each optional (absent: no such limit); replaces the previous settings. Stream reads and the global feed hide events no longer retained at once (older than `maxAge` by their timestamp, beyond the newest `maxCount`, or below version `truncateBefore`); appends continue at the real version and the background reclaim job deletes the hidden rows later. 200 with the settings; 400 names a bad field. Writer role."),
        ["DeleteStream"] = new("Delete a stream",
            "Soft by default: every event so far reads as gone (stream reads, its summary and state answer 404, the feed skips them) and the next append continues at the stream's version, showing only what follows. `hard=true` (admin role) erases its events and snapshots; the id may then be used again only by an append with `expectedVersion` 0 (others get 410). Optional `expectedVersion` (a version, `any`, `exists`): 409 when it does not hold. 204; 404 for a stream without events; 410 when already hard-deleted.", NotFound),
        ["ReclaimRetention"] = new("Run the retention reclaim job now",
            "Runs one bounded pass of the background job (also on a reminder every `Platform:Retention:ReclaimEvery`) that removes the rows reads already hide, never a stream's last event: `{\"streamsChecked\",\"eventsRemoved\",\"complete\"}`. Removed positions stay unused; feed readers page past them. Admin only."),
        ["GetStreamMetadata"] = new("Get a stream's retention", "`{\"streamId\",\"maxAge\",\"maxCount\",\"truncateBefore\"}` (nulls when unset)."),
        ["GetStreamState"] = new("Fold a stream's state",
            "The stream folded (JSON merge-patch of each event's data) up to `version` or to the time `at`; by default its current state. 404 for a stream that never existed.", NotFound),
        ["DiffStream"] = new("Compare a stream at two points",
            "`from` and `to` are each a version or an RFC 3339 time. Answers both folded states and the RFC 6902 JSON Patch (`diff`) that turns `from` into `to`, with `fromVersion` and `toVersion`. 400 for a bad `from` or `to`, 404 for a stream that never existed.", NotFound),
        ["WhatIfStream"] = new("Ask what a stream's state would be",
            "`{\"at\":{\"version\":N}|{\"time\":\"...\"},\"without\":[eventIds],\"append\":[{\"type\",\"data\"}]}`: `actual` is the state at that point, `hypothetical` the same events without `without` and with `append` folded on top, `diff` the RFC 6902 JSON Patch between them. Nothing is written. 400 names the bad field (an id in `without` must be an event up to that point); 404 for a stream that never existed.", NotFound),
        ["ReadAll"] = new("Read the global feed",
            "Every stream in one global order from `fromPosition` (or from the first event stamped at or after the RFC 3339 time `fromTime`; keep sending it while paging to leave out events stamped earlier), filtered by `type` (comma-separated) and `correlationId`. Page with `nextPosition`: a reader never misses an event, including ones committed concurrently by other silos. `raw=true` shows events at the schema version they were stored at instead of the latest."),
        ["ReadAllLive"] = new("Follow the global feed live (SSE)",
            "`text/event-stream`: one `data:` line per recorded event, `id:` its position. Resumes after `Last-Event-ID` or from `fromPosition`, or starts at the first event stamped at or after the RFC 3339 time `fromTime` (found through the index by time, events stamped earlier left out all along; 400 naming `fromTime` for a bad time); `raw=true` as for the paged feed."),

        // Event bus
        ["PutTopic"] = new("Create or change a topic",
            "Partitions, retention, dedup window, largest event and rate limit. 201 when created, 200 when updated. A change that cannot apply (fewer partitions) is a 409.", Conflict) { RequestExample = """{"partitions":4,"retention":"7.00:00:00","dedupWindow":"01:00:00","maxEventBytes":1048576}""" },
        ["GetTopic"] = new("Get a topic's settings", "The topic's settings and partition count. 404 for an unknown topic.", NotFound),
        ["Publish"] = new("Publish events to a topic",
            "One event or `{\"events\":[...]}`. Events with the same key keep their publish order. 202 with partition and offset; a repeated eventId inside the dedup window is 200 with the first result and `duplicate: true`. 404 unknown topic, 413 too large, 429 over the topic's rate limit.", NotFound) { RequestExample = """{"key":"order-42","type":"OrderPlaced","data":{"total":42},"eventId":"7d1f0b8e-2f64-4c1e-9a55-1b2c3d4e5f60","priority":"normal"}""" },
        ["ReadTopicPartition"] = new("Read a topic partition",
            "Events of one partition from `fromOffset`, at most `limit`. 404 unknown topic; 410 when the offset was removed by retention (with `firstAvailableOffset`).", NotFound, Gone),
        ["PutSubscription"] = new("Create or change a subscription",
            "A topic, a filter, webhook or pull delivery, start position, attempts and backoff. 201 when created, 200 when updated; moving a subscription to another topic is a 409.", Conflict) { RequestExample = """{"topic":"orders","filter":{"types":["Order*"]},"delivery":{"type":"webhook","url":"http://127.0.0.1:7001/hook"},"startFrom":"earliest","maxAttempts":5,"backoff":{"initial":"00:00:00.200","multiplier":2,"max":"00:00:30"},"maxInFlight":16}""" },
        ["GetSubscription"] = new("Get a subscription's status", "Checkpoints and lag per partition, and delivered, failed and dead-lettered counts. 404 unknown subscription.", NotFound),
        ["Pull"] = new("Pull events (pull subscriptions)",
            "Up to `max` events, waiting up to `wait` for some to arrive. Each carries `partition` and `offset` to acknowledge. 404 unknown subscription; 409 on a webhook subscription.", NotFound, Conflict),
        ["Ack"] = new("Acknowledge pulled events",
            "Commits the checkpoint of a partition up to `offset` (cumulative). 409 for an offset that is not out with a consumer (lease expired, seek, restart): those events come again.", NotFound, Conflict) { RequestExample = """{"partition":0,"offset":41}""" },
        ["Nack"] = new("Give pulled events back", "Releases the held batch of a partition for another attempt, counting a failed attempt.", NotFound, Conflict),
        ["ListDeadLetters"] = new("List a subscription's dead letters", "Events that used up their attempts, with their last error. 404 unknown subscription.", NotFound),
        ["RedriveDeadLetters"] = new("Redrive dead letters", "Delivers dead letters again: those with the given `ids`, or all with an empty body. Answers how many were redriven.", NotFound),
        ["DeleteDeadLetter"] = new("Delete a dead letter", "Removes one dead letter for good. 404 when the subscription or the dead letter is unknown.", NotFound),
        ["Seek"] = new("Replay a subscription from an offset or time", "Moves every partition's checkpoint to the given offsets or to the first event at or after `time`.", NotFound),

        // Sagas
        ["PutSagaDefinition"] = new("Store a saga definition",
            "A named DAG of steps with actions, compensations, timeouts, retries and dependencies. A changed definition becomes a new version; running sagas finish on the version they started with. 400 names each invalid field (unknown dependency, cycle, duplicate name, bad timeout or retry).") { RequestExample = """{"steps":[{"name":"reserve","action":{"service":"inventory","method":"POST","path":"/reserve"},"compensation":{"service":"inventory","method":"POST","path":"/release"}},{"name":"charge","action":{"service":"payments","method":"POST","path":"/charge"},"compensation":{"service":"payments","method":"POST","path":"/refund"},"timeout":"00:00:30","retry":{"maxAttempts":3,"backoff":"exponential","initial":"00:00:00.100"},"dependsOn":["reserve"]}],"timeout":"00:05:00","compensation":"sequential"}""" },
        ["GetSagaDefinition"] = new("Get a saga definition", "The latest version, or `version`. 404 for an unknown definition or version.", NotFound),
        ["StartSaga"] = new("Start a saga",
            "Starts an instance of a definition with an input. Idempotent on `sagaId`: the same start again answers 200 with the running saga; a different start under the same id is a 409.", NotFound, Conflict) { RequestExample = """{"definition":"checkout","sagaId":"order-42","input":{"orderId":"order-42","total":42}}""" },
        ["ListSagas"] = new("List sagas", "Filter by status, definition and time range; page with the opaque cursor."),
        ["SagaStatistics"] = new("Saga statistics", "Counts by status and definition, success and compensation rates, duration p50/p99."),
        ["GetSaga"] = new("Get a saga", "Status, the definition version it runs on, each step's status, attempts, output and error, and its history. 404 unknown saga.", NotFound),
        ["CancelSaga"] = new("Cancel a saga", "Stops a running saga and compensates the steps that completed. 409 when it already finished.", NotFound, Conflict),
        ["RetrySaga"] = new("Retry a failed compensation", "An operator retries the compensations of a saga left `failed`. 409 when the saga is not failed.", NotFound, Conflict),
        ["SignalSaga"] = new("Send a signal to a saga", "The JSON body becomes the output of the step waiting for this signal (kept if it arrives early). 409 when the signal was already delivered.", NotFound, Conflict),

        // Transactions
        ["StartTransaction"] = new("Run a two-phase-commit transaction",
            "Prepares every participant in parallel, then commits all or aborts all; the decision is durable before phase two. Idempotent on `transactionId`; a different request under the same id is a 409.", Conflict) { RequestExample = """{"transactionId":"order-42-payment","participants":[{"service":"payments","prepare":{"method":"POST","path":"/prepare"},"commit":{"method":"POST","path":"/commit"},"abort":{"method":"POST","path":"/abort"}}],"timeout":"00:00:10"}""" },
        ["TransactionStatistics"] = new("Transaction statistics", "Counts by status, commit rate, duration p50/p99."),
        ["GetTransaction"] = new("Get a transaction", "Status and each participant's vote and outcome; with `wait` (at most 30 s) it answers once the transaction has finished or the wait is over. 404 unknown transaction.", NotFound),

        // Registry
        ["ListServices"] = new("List services", "Every registered service with its instance counts."),
        ["GetService"] = new("Get a service", "Its instances with health, weights, metadata and tags, and its policy. With `index` and `wait` it blocks until the service's index passes `index` (header `X-Platform-Index`). 404 unknown service.", NotFound),
        ["ResolveService"] = new("Resolve a service to one healthy instance",
            "Chooses by `strategy` (roundRobin, weighted, leastConnections, random, consistentHash with `key`). 503 when no instance is healthy.", NotFound),
        ["WatchService"] = new("Watch a service (SSE)", "`text/event-stream` of the service's views, one per change.", NotFound),
        ["RegisterInstance"] = new("Register an instance", "Address, weight, metadata, tags, an optional HTTP health check and a ttl for heartbeats. 201 when new, 200 when repeated or updated.") { RequestExample = """{"address":"http://127.0.0.1:7001","weight":1,"metadata":{"zone":"a"},"tags":["v2"],"healthCheck":{"path":"/health","interval":"00:00:05"},"ttl":"00:00:15"}""" },
        ["Heartbeat"] = new("Heartbeat an instance", "Keeps an instance with a ttl healthy. 404 for an unknown instance.", NotFound),
        ["DeregisterInstance"] = new("Deregister an instance", "Removes the instance; callers stop being sent to it.", NotFound),
        ["PutServicePolicy"] = new("Set a service's policy", "Allowed callers, rate limit (per caller), timeout (per attempt), `deadline` (all attempts; default timeout × attempts), retries (`maxAttempts`, `budgetPercent`: retries as a share of calls, default 20), circuit breaker (per instance), `outlierEjection` (`consecutiveFailures`, `baseEjectionTime`, `maxEjectionPercent`; default 5, 30 s, 50) and load balancing, used by the mesh and resolve.") { RequestExample = """{"allowedCallers":["orders"],"rateLimit":{"permitsPerSecond":100,"burst":200},"timeout":"00:00:05","retry":{"maxAttempts":2},"circuitBreaker":{"failureRatio":0.5,"minimumThroughput":10,"breakDuration":"00:00:30"},"loadBalancing":"roundRobin"}""" },

        // Mesh
        ["MeshGet"] = new("Call a service through the mesh (GET)", MeshCall, 502, 504),
        ["MeshHead"] = new("Call a service through the mesh (HEAD)", MeshCall, 502, 504),
        ["MeshOptions"] = new("Call a service through the mesh (OPTIONS)", MeshCall, 502, 504),
        ["MeshPost"] = new("Call a service through the mesh (POST)", MeshCall + MeshBody, 502, 504),
        ["MeshPut"] = new("Call a service through the mesh (PUT)", MeshCall + MeshBody, 502, 504),
        ["MeshPatch"] = new("Call a service through the mesh (PATCH)", MeshCall + MeshBody, 502, 504),
        ["MeshDelete"] = new("Call a service through the mesh (DELETE)", MeshCall, 502, 504),
        ["MeshTopology"] = new("Who calls whom through the mesh",
            "This gateway's mesh traffic over `Platform:Mesh:TopologyWindow` (default 60 s): `{\"generatedAt\",\"window\":\"00:01:00\",\"nodes\":[\"orders\",\"payments\"],\"edges\":[{\"caller\":\"orders\",\"service\":\"payments\",\"requests\":120,\"requestsPerSecond\":2.0,\"errors\":3,\"errorRatio\":0.025,\"p50Ms\":1.2,\"p99Ms\":8.9}]}`. " +
            "One edge per caller → service pair with calls in the window (unnamed callers are `anonymous`); errors are 5xx answers, the mesh's own 502/503/504 included; latencies are through the mesh, within 20 %."),

        // Integrity
        ["VerifyStream"] = new("Verify a stream's checksum chain",
            "Re-reads the stream's stored rows (not upcast, not decrypted) and recomputes each SHA-256 checksum and chain link: `{\"valid\":true,\"checked\":N}` or `{\"valid\":false,\"brokenAt\":version,\"reason\":\"checksum-mismatch|checksum-missing|link-mismatch|version-missing\",\"detail\":\"...\"}` naming the first broken version and why. Events before the chain's start stored without a checksum (before checksums existed, or with `Platform:Integrity:Checksums` off) are not counted in `checked` but reported as `unverified` with a `detail`. 404 for an unknown stream.", NotFound),

        ["StartLogVerification"] = new("Start verifying the whole log",
            "Starts a job in the cluster that re-checks every stored event's checksum and chain link up to the head of the log at its start, in bounded steps with a journaled checkpoint (it resumes there if its silo dies). 202 with the job and its `Location`; while a job runs, starting again returns that job. Admin only."),
        ["GetLatestLogVerification"] = new("The latest whole-log verification job",
            "Progress `{\"jobId\",\"status\":\"running\",\"startedAt\",\"endPosition\",\"position\",\"streamsChecked\",\"eventsChecked\",\"eventsPerSecond\",\"broken\":[],\"brokenTruncated\":false}`; once `completed`, `valid` and `broken` as `[{\"streamId\",\"brokenAt\":version}]` (at most `Platform:Integrity:Verification:MaxBrokenStreams`, then `brokenTruncated`). 404 when no job was started. Admin only.", NotFound),
        ["GetLogVerification"] = new("A whole-log verification job", "As the latest job, for the job with this id. 404 for an unknown job. Admin only.", NotFound),

        // Event schemas
        ["PutSchema"] = new("Register a version of an event type's JSON Schema",
            "`{\"version\":N,\"schema\":{JSON Schema},\"upcastFrom\":{\"version\":N-1,\"rules\":[{\"rename\":{\"/a\":\"/b\"}},{\"move\":{\"/a\":\"/x/a\"}},{\"default\":{\"/c\":\"EUR\"}},{\"remove\":[\"/legacy\"]}]}}`. " +
            "Versions start at 1 and grow by one; from then on appends and publishes of the type are validated (400 with `errors` keyed by JSON pointer, such as `/events/0/data/total`) and reads show every event at the latest version (`raw=true` shows it as stored). " +
            "201 when registered, 200 when the same version is repeated identically. 400 for a malformed schema or rules or a version that does not follow the latest; 409 for a version registered with other content, or one that stored events could not be upcast to (a required member the rules do not provide, or a sample of stored events failing it). Admin only.", Conflict)
        {
            RequestExample = """{"version":2,"schema":{"type":"object","required":["total","currency"],"properties":{"total":{"type":"number"},"currency":{"type":"string"}}},"upcastFrom":{"version":1,"rules":[{"rename":{"/amount":"/total"}},{"default":{"/currency":"EUR"}},{"remove":["/legacy"]}]}}""",
        },
        ["GetSchema"] = new("Get an event type's schema versions", "Every registered version, oldest first, with its upcast rules, and `latestVersion`. 404 for a type without a schema.", NotFound),

        // Projections
        ["PutProjection"] = new("Define a projection (read model)",
            "`{\"source\":{\"streamPrefix\",\"types\":[\"Order*\"]},\"partitionBy\":\"streamId\"|\"/data/customerId\",\"fold\":\"mergePatch\"|{\"rules\":[{\"on\",\"set\":{docPointer:eventPointer},\"increment\":{docPointer:n},\"append\":{docPointer:eventPointer},\"remove\":[docPointer],\"delete\":true}]},\"startFrom\":\"earliest|latest|<position>\",\"onError\":\"park|halt\"}`. " +
            "201 when created (it folds the feed from `startFrom`), 200 otherwise; a changed definition builds version N+1 beside the serving one (`building`) and reads switch to it once it has caught up. 400 names each bad field. Admin only.")
        {
            RequestExample = """{"source":{"streamPrefix":"order-","types":["Order*"]},"partitionBy":"streamId","fold":{"rules":[{"on":"OrderPlaced","set":{"/status":"/data/status","/total":"/data/total"}},{"on":"OrderItemAdded","increment":{"/items":1},"append":{"/lines":"/data"}},{"on":"OrderCancelled","delete":true}]},"startFrom":"earliest","onError":"park"}""",
        },
        ["ListProjections"] = new("List projections", "Every projection with its status, as GET /api/v1/projections/{name}."),
        ["GetProjection"] = new("Get a projection's status",
            "`status` (running, catchingUp, rebuilding, paused, halted), the serving `version`, `checkpoint` (last global position processed), `head`, `lagEvents`, `lagSeconds`, `parked`, `building` (the version being built, or null), `halt` and the definition. `minPosition`/`wait` as on documents. 404 unknown.", NotFound),
        ["QueryProjectionDocuments"] = new("Query a projection's documents",
            "`filter=field:op:value` (repeatable; op eq, ne, gt, ge, lt, le, contains; fields are dotted paths; numbers and true/false compare as such, \"quoted\" forces a string), `sort=field|-field` (ties by id), `limit` (1-1000, default 100), `cursor` (the previous page's `nextCursor`). " +
            "`minPosition=N&wait=5s` answers once the projection has processed global position N (an append's `position`), else 503 with `checkpoint`. 400 names a bad filter, sort, limit or cursor; 404 unknown projection.", NotFound),
        ["GetProjectionDocument"] = new("Get one projection document",
            "`{\"id\",\"version\",\"position\",\"data\"}` from the serving version; `minPosition`/`wait` as on the query. `position=N` or `at=<RFC 3339 time>`: the document as of then, refolded from the feed with the serving version's fold (a projection keyed by a JSON pointer scans the feed from its start, at most `Platform:Projections:HistoryMaxEvents` events, else 400). 404 for an unknown projection or a document that did not exist (then).", NotFound),
        ["DiffProjectionDocument"] = new("Compare a projection document at two points",
            "`from` and `to` are each a global position or an RFC 3339 time. Answers `{\"id\",\"from\",\"to\",\"fromVersion\",\"fromPosition\",\"toVersion\",\"toPosition\",\"diff\"}`: both documents (null when absent then) and the RFC 6902 JSON Patch between them (an absent document counts as null). Nothing is written. 400 for a bad `from` or `to`, 404 for an unknown projection.", NotFound),
        ["WhatIfProjectionDocument"] = new("Ask what a projection document would be",
            "`{\"at\":{\"position\":N}|{\"time\":\"...\"},\"without\":[eventIds],\"append\":[{\"type\",\"data\"}]}`: `actual` is the document at that point, `hypothetical` the same fold without `without` and with `append` folded on top (as events of this document), `diff` the RFC 6902 JSON Patch between them. Nothing is written. 400 names the bad field (an id in `without` must be an event of this document up to that point; an appended type the projection does not read, or one its rules cannot apply); 404 for an unknown projection.", NotFound),
        ["GetProjectionParked"] = new("A projection's parked events", "Poison events (a rule that could not apply) with their position and error, oldest first, from `from`, at most `limit`. 404 unknown.", NotFound),
        ["RebuildProjection"] = new("Rebuild a projection", "Builds the current definition again as a new version beside the serving one; reads switch when it has caught up (no downtime). 202 with the status. Admin only.", NotFound),
        ["PauseProjection"] = new("Pause a projection", "Stops folding; reads keep answering from the documents as they are. 202 with the status. Admin only.", NotFound),
        ["ResumeProjection"] = new("Resume a projection", "Resumes a paused or halted projection (a halted one retries the event it halted at). 202 with the status. Admin only.", NotFound),
        ["DeleteProjection"] = new("Delete a projection", "Stops it and deletes every version's documents, checkpoints and parked events. 204, or 404 when unknown. Admin only.", NotFound),

        // Erasure
        ["EraseSubject"] = new("Erase a data subject (crypto-shredding)",
            "Events whose `metadata.subject` names this subject are stored with their `data` encrypted under the subject's own key. This forgets the key for good: from then on they read as `\"data\":null,\"redacted\":true` everywhere (streams, feed, subscriptions, state, what-if), and appends naming the subject are refused with 409. " +
            "The erasure is journaled in the audited stream `$subject:{subjectId}` (event `SubjectErased.v1` in the feed). Repeating it answers the first erasure. 200 `{\"subjectId\",\"erasedAt\"}`. Admin only."),

        // Operations
        ["GetPlatformStatus"] = new("The platform at a glance",
            "Silos and their membership status, the storage kind and whether it answers, the feed's head position, and counts of streams, topics, subscriptions and dead letters (at most a few seconds old)."),
        ["ListStreams"] = new("List streams by id prefix",
            "User stream ids starting with `prefix` (all when empty), in ordinal order, at most `limit` (1-1000, default 100): `{\"items\":[ids],\"next\"}`; pass `next` as `after` for the next page (null on the last). System streams never appear."),
        ["ListTopics"] = new("List topics", "Topic names in ordinal order, at most `limit` (1-1000, default 100): `{\"items\",\"next\"}`; pass `next` as `after` for the next page."),
        ["ListSubscriptions"] = new("List subscriptions", "Subscription names in ordinal order, at most `limit` (1-1000, default 100): `{\"items\",\"next\"}`; pass `next` as `after` for the next page."),
        ["WhoAmI"] = new("Who the caller is",
            "The roles the presented credentials grant (`admin`, `writer`, `reader`) and the caller's identity; with no credentials configured (an open loopback API) everyone is an admin and `authenticated` is false. 401 without valid credentials."),
    };
}
