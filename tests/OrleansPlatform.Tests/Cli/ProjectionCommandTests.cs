using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Cli;

namespace OrleansPlatform.Tests.Cli;

/// <summary>`projections define|status|rebuild|query` against a real started host.</summary>
[Collection(CliCollection.Name)]
public sealed class ProjectionCommandTests(CliFixture fixture)
{
    private readonly string _name = "cli-proj-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _prefix = "cliproj-" + Guid.NewGuid().ToString("N")[..8] + "-";

    [Fact]
    public async Task ProjectionsDefineStatusRebuildQuery_Json_FollowTheProjectionThroughARebuild()
    {
        var define = await DefineAsync();
        var position = await AppendAsync("a", new { status = "paid", total = 12 });
        await AppendAsync("b", new { status = "open", total = 3 });
        var caughtUp = await fixture.Client.GetAsync($"/api/v1/projections/{_name}/documents/{_prefix}a?minPosition={position}&wait=20s");

        var status = await fixture.RunAsync("projections", "status", _name, "--json");
        var list = await fixture.RunAsync("projections", "status", "--json");
        var rebuild = await fixture.RunAsync("projections", "rebuild", _name, "--json");
        var query = await fixture.RunAsync("projections", "query", _name, "--filter", "status:eq:paid", "--json");
        var one = await fixture.RunAsync("projections", "query", _name, "--id", _prefix + "b", "--json");

        Assert.Equal((ExitCodes.Success, ""), (define.ExitCode, define.Error));
        Assert.True(caughtUp.IsSuccessStatusCode, await caughtUp.Content.ReadAsStringAsync());
        Assert.Equal((ExitCodes.Success, _name), (status.ExitCode, status.Json()["name"]!.GetValue<string>()));
        Assert.Contains(_name, list.Output, StringComparison.Ordinal);
        Assert.Equal((ExitCodes.Success, ""), (rebuild.ExitCode, rebuild.Error));
        Assert.Equal("running", rebuild.Json()["status"]!.GetValue<string>());
        Assert.True(rebuild.Json()["version"]!.GetValue<int>() >= 2, rebuild.Output);
        var documents = query.Json()["documents"]!.AsArray();
        Assert.Equal(_prefix + "a", Assert.Single(documents)!["id"]!.GetValue<string>());
        Assert.Equal(3, one.Json()["data"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ProjectionsStatus_UnknownProjection_ExitsWithTheProblem()
    {
        var run = await fixture.RunAsync("projections", "status", "cli-missing-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectionsDefine_BadDefinition_ExitsNamingTheField()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"source":{"streamPrefix":"x-"},"partitionBy":"no-pointer"}""");

        var run = await fixture.RunAsync("projections", "define", _name, "--file", file);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("partitionBy", run.Error, StringComparison.Ordinal);
    }

    private async Task<CliRun> DefineAsync()
    {
        var file = Path.GetTempFileName();
        var definition = new JsonObject { ["source"] = new JsonObject { ["streamPrefix"] = _prefix }, ["partitionBy"] = "streamId", ["fold"] = "mergePatch" };
        await File.WriteAllTextAsync(file, definition.ToJsonString());
        return await fixture.RunAsync("projections", "define", _name, "--file", file);
    }

    private async Task<long> AppendAsync(string stream, object data)
    {
        var response = await fixture.Client.PostAsJsonAsync($"/api/v1/streams/{_prefix}{stream}/events", new { events = new[] { new { type = "Changed", data } } });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
        return body!["position"]!.GetValue<long>();
    }
}
