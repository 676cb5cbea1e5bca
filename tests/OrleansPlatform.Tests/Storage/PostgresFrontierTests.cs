using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Storage;

/// <summary>
/// A session idle in a transaction holds the whole instance's feed frontier: it must be named (pid, state, age) and
/// its lag measured, so operators can find it instead of wondering why every feed reader stalls.
/// </summary>
[Collection(PostgresStorageCollection.Name)]
public sealed class PostgresFrontierTests(PostgresEventLogFixture fixture)
{
    [Fact]
    public async Task ReadFrontier_IdleInTransactionSession_NamesItAndMeasuresTheLag()
    {
        var positions = new PostgresPositions(fixture.DataSource);
        await using var idle = await IdleInTransactionAsync(fixture.DataSource.ConnectionString);
        await fixture.Log.AppendBatchAsync([EventLogContractTests.Append(EventLogContractTests.Stream(), 0, 1)], CancellationToken.None);

        // Other tests' transactions can be older for a moment; the idle one soon is the oldest.
        var held = await Eventually.MatchAsync(
            () => positions.ReadFrontierAsync(CancellationToken.None),
            s => s.Blocking?.Pid == idle.Pid && s.LagSeconds > 0);
        await idle.Transaction.RollbackAsync();

        Assert.Equal("idle in transaction", held.Blocking!.State);
        Assert.True(held.LagPositions > 0);
        Assert.True(held.NewestPosition >= held.Frontier);
        Assert.Equal(new NpgsqlConnectionStringBuilder(fixture.DataSource.ConnectionString).Database, held.Blocking.Database);
    }

    [Fact]
    public async Task HealthReady_IdleInTransactionSession_DetailsNameItAndMetricsShowTheLag()
    {
        var database = await TestPostgres.CreateDatabaseAsync();
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        await using var host = PlatformHost.Postgres(database, "frontier-" + Guid.NewGuid().ToString("N")[..8])
            .With("Platform:Frontier:PollInterval", "00:00:00.200")
            .With("Platform:Frontier:WarnAfter", "00:00:00.500");
        var client = await host.StartAsync();
        await using var idle = await IdleInTransactionAsync(database);
        var append = await client.AppendAsync(ApiClientExtensions.NewStreamId("held"), 0, ApiClientExtensions.Event("Held", new { }));
        Assert.Equal(HttpStatusCode.Created, append.StatusCode);

        // Held longer than WarnAfter, the frontier makes the node Degraded (still 200) and names the transaction.
        var (_, body) = await Eventually.MatchAsync(
            async () =>
            {
                var response = await client.GetAsync("/health/ready");
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            r => r.StatusCode == HttpStatusCode.OK && r.Body.Contains($"\"pid\":{idle.Pid},", StringComparison.Ordinal)
                && r.Body.Contains("\"status\":\"Degraded\"", StringComparison.Ordinal));
        var metrics = await Eventually.MatchAsync(
            () => client.GetStringAsync("/metrics"),
            body => Gauge(body, "platform_eventlog_frontier_lag{", name) > 0 && Gauge(body, "platform_eventlog_frontier_lag_duration_seconds{", name) > 0);
        await idle.Transaction.RollbackAsync();

        Assert.Contains("\"state\":\"idle in transaction\"", body, StringComparison.Ordinal);
        Assert.Contains("\"ageSeconds\":", body, StringComparison.Ordinal);
        Assert.True(Gauge(metrics, "platform_eventlog_frontier_lag{", name) > 0);
    }

    [Fact]
    public async Task Probe_FrontierHeldBack_WarnsAtMostOnceAMinute()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logger = new CapturingLogger<FrontierMonitor>();
        var options = Options.Create(new FrontierOptions { WarnAfter = TimeSpan.FromMilliseconds(100) });
        using var monitor = new FrontierMonitor(fixture.DataSource, options, logger, time);
        await using var idle = await IdleInTransactionAsync(fixture.DataSource.ConnectionString);
        await fixture.Log.AppendBatchAsync([EventLogContractTests.Append(EventLogContractTests.Stream(), 0, 1)], CancellationToken.None);

        await Eventually.MatchAsync(() => monitor.ProbeAsync(CancellationToken.None), s => s.Blocking?.Pid == idle.Pid && monitor.IsHeldBack(s));
        await monitor.ProbeAsync(CancellationToken.None);
        var withinTheMinute = logger.Warnings.Count;
        time.Advance(TimeSpan.FromMinutes(1));
        await monitor.ProbeAsync(CancellationToken.None);
        await idle.Transaction.RollbackAsync();

        Assert.Equal(1, withinTheMinute);
        Assert.Equal(2, logger.Warnings.Count);
        Assert.Contains($"pid {idle.Pid}", logger.Warnings[^1], StringComparison.Ordinal);
    }

    /// <summary>The value of the gauge's series for <paramref name="database"/>, or -1 when absent.</summary>
    private static double Gauge(string metrics, string prefix, string database) =>
        metrics.Split('\n')
            .Where(line => line.StartsWith(prefix, StringComparison.Ordinal) && line.Contains($"database=\"{database}\"", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(-1)
            .First();

    /// <summary>Opens a session that takes a transaction id and then sits idle inside its transaction.</summary>
    private static async Task<IdleSession> IdleInTransactionAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand("SELECT pg_current_xact_id()", connection, transaction))
        {
            await take.ExecuteScalarAsync();
        }

        return new IdleSession(connection, transaction);
    }

    private sealed record IdleSession(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public int Pid => Connection.ProcessID;

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
