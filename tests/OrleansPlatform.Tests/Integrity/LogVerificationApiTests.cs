using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Hosting;
using OrleansPlatform.Tests.Infrastructure;
using OrleansPlatform.Tests.Schemas;
using OrleansPlatform.Storage.Sqlite;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Integrity;

/// <summary>The admin whole-log verification job over HTTP (issue 13), once per backend.</summary>
public abstract class LogVerificationApiTests(PlatformHost host, HttpClient client)
{
    /// <summary>Runs SQL against the host's database, bypassing the platform.</summary>
    protected abstract Task ExecuteAsync(PlatformHost host, string sql, string streamId, long version);

    [Fact]
    public async Task Verify_CleanLogThenRowTamperedInDatabase_ValidThenNamesStreamAndVersion()
    {
        var stream = NewStreamId();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.AppendJsonAsync(stream, $$$"""[{"type":"Noted","data":{"i":{{{i}}}}}]""")).StatusCode);
        }

        var clean = await RunJobAsync();
        Assert.True(clean["valid"]!.GetValue<bool>(), clean.ToJsonString());
        Assert.Empty(clean["broken"]!.AsArray());
        Assert.True(clean["eventsChecked"].Long() >= 4);
        Assert.True(clean["streamsChecked"].Long() >= 1);
        Assert.Equal(clean["endPosition"].Long(), clean["position"].Long());

        await ExecuteAsync(host, "UPDATE platform_events SET data = '{\"i\":99}' WHERE stream_id = @s AND version = @v", stream, 3);

        var tampered = await RunJobAsync();
        Assert.False(tampered["valid"]!.GetValue<bool>());
        var broken = Assert.Single(tampered["broken"]!.AsArray());
        Assert.Equal(stream, broken!["streamId"].Str());
        Assert.Equal(3, broken["brokenAt"].Long());
        Assert.NotEqual(clean["jobId"].Str(), tampered["jobId"].Str());
        Assert.Equal(tampered.ToJsonString(), (await client.GetJsonAsync("/api/v1/verify")).ToJsonString());
    }

    [Fact]
    public async Task GetVerify_UnknownJob_Returns404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/verify/{Guid.NewGuid()}")).StatusCode);
    }

    private async Task<JsonObject> RunJobAsync()
    {
        var started = await client.PostAsync("/api/v1/verify", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await started.JsonAsync();
        Assert.Equal($"/api/v1/verify/{job["jobId"].Str()}", started.Headers.Location?.OriginalString);
        return await Eventually.MatchAsync(
            () => client.GetJsonAsync(started.Headers.Location!.OriginalString),
            j => j["status"].Str() == "completed",
            TimeSpan.FromSeconds(60));
    }
}

[Collection(SqliteErasureCollection.Name)]
public sealed class SqliteLogVerificationApiTests(SqliteErasureFixture fixture) : LogVerificationApiTests(fixture.Host, fixture.Client)
{
    protected override async Task ExecuteAsync(PlatformHost host, string sql, string streamId, long version)
    {
        await using var connection = await host.Service<SqliteConnectionFactory>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("@s", streamId));
        command.Parameters.Add(new SqliteParameter("@v", version));
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

[Collection(PostgresErasureCollection.Name)]
public sealed class PostgresLogVerificationApiTests(PostgresErasureFixture fixture) : LogVerificationApiTests(fixture.Host, fixture.Client)
{
    protected override async Task ExecuteAsync(PlatformHost host, string sql, string streamId, long version)
    {
        await using var command = host.Service<NpgsqlDataSource>().CreateCommand(sql);
        command.Parameters.AddWithValue("s", streamId);
        command.Parameters.AddWithValue("v", version);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

/// <summary>The job is admin-only.</summary>
[Collection(SecuredPlatformCollection.Name)]
public sealed class LogVerificationRoleTests(SecuredPlatformFixture platform)
{
    [Theory]
    [InlineData(SecuredPlatformFixture.ReaderKey)]
    [InlineData(SecuredPlatformFixture.WriterKey)]
    public async Task Verify_NonAdminKey_Returns403(string apiKey)
    {
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/v1/verify"), (HttpMethod.Get, "/api/v1/verify"), (HttpMethod.Get, $"/api/v1/verify/{Guid.NewGuid()}") })
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add("X-Api-Key", apiKey);
            Assert.Equal(HttpStatusCode.Forbidden, (await platform.Client.SendAsync(request)).StatusCode);
        }
    }
}
