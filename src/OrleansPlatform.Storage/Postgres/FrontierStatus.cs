namespace OrleansPlatform.Storage.Postgres;

/// <summary>
/// How far the global feed's no-gap frontier (the oldest running transaction on the PostgreSQL instance) lags behind
/// the newest committed event, and which transaction holds it there.
/// </summary>
/// <param name="Frontier">Feed readers see positions below this one.</param>
/// <param name="NewestPosition">The highest committed position, or null for an empty log.</param>
/// <param name="LagPositions">Newest position minus the frontier (plus one) when committed events wait behind it; else 0.</param>
/// <param name="LagSeconds">How long the blocking transaction has been running when it holds events back; else 0.</param>
/// <param name="Blocking">The oldest running transaction, when it holds events back.</param>
public sealed record FrontierStatus(long Frontier, long? NewestPosition, long LagPositions, double LagSeconds, BlockingTransaction? Blocking);

/// <summary>A transaction that holds the frontier back: a session (<see cref="Pid"/>) or a prepared transaction (<see cref="PreparedId"/>).</summary>
/// <param name="Pid">The backend's process id (<c>pg_stat_activity.pid</c>), null for a prepared transaction.</param>
/// <param name="PreparedId">The global id of a prepared transaction (<c>pg_prepared_xacts.gid</c>), else null.</param>
/// <param name="State">The session's state (e.g. <c>idle in transaction</c>), or <c>prepared</c>.</param>
/// <param name="AgeSeconds">Seconds since the transaction started (or was prepared).</param>
/// <param name="Database">The database it runs in (any database of the instance can hold the frontier).</param>
/// <param name="Application">The session's <c>application_name</c>, if any.</param>
public sealed record BlockingTransaction(int? Pid, string? PreparedId, string State, double AgeSeconds, string? Database, string? Application);
