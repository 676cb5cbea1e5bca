using OrleansPlatform.Cli;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;
using static OrleansPlatform.Tests.Api.ApiClientExtensions;

namespace OrleansPlatform.Tests.Cli;

/// <summary>`projections ...` against the in-process host: --json parsed, exit codes for success and 4xx.</summary>
[Collection(CliCollection.Name)]
public sealed class ProjectionCommandTests(CliFixture fixture) : IDisposable
{
    private readonly string _prefix = $"cp{Guid.NewGuid():N}-";
    private readonly string _name = "cli-p-" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"projection-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_file);

    private async Task DefineWithOrdersAsync()
    {
        await File.WriteAllTextAsync(_file, $$"""{"source":{"streamPrefix":"{{_prefix}}"},"fold":"mergePatch","startFrom":"earliest"}""");
        var define = await fixture.RunAsync("projections", "define", _name, "--file", _file, "--json");
        Assert.Equal((ExitCodes.Success, ""), (define.ExitCode, define.Error));
        foreach (var (id, total) in new[] { ("a", 5), ("b", 20), ("c", 12) })
        {
            var append = await fixture.Client.AppendAsync(_prefix + id, "any", Event("Placed", new { status = "paid", total }));
            Assert.True(append.IsSuccessStatusCode, await append.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task DefineRebuildQueryGet_Json_ServesTheDocumentsAfterCatchingUp()
    {
        await DefineWithOrdersAsync();

        var rebuild = await fixture.RunAsync("projections", "rebuild", _name, "--json");
        var query = await fixture.RunAsync("projections", "query", _name, "--filter", "total:gt:10", "--sort", "-total", "--limit", "10", "--json");
        var get = await fixture.RunAsync("projections", "get", _name, _prefix + "b", "--json");
        var list = await fixture.RunAsync("projections", "status", "--json");

        Assert.Equal((ExitCodes.Success, ""), (rebuild.ExitCode, rebuild.Error));
        Assert.Equal("running", rebuild.Json()["status"]!.GetValue<string>());
        Assert.Equal(0, rebuild.Json()["lagEvents"]!.GetValue<long>());
        Assert.Null(rebuild.Json()["building"]);
        Assert.Equal([_prefix + "b", _prefix + "c"], query.Json()["documents"]!.AsArray().Select(d => d!["id"]!.GetValue<string>()));
        Assert.Equal(20, get.Json()["data"]!["total"]!.GetValue<int>());
        Assert.Contains(list.Json()["projections"]!.AsArray(), p => p!["name"]!.GetValue<string>() == _name);
    }

    [Fact]
    public async Task PauseResumeDelete_Json_ChangeTheStatusThenRemoveIt()
    {
        await DefineWithOrdersAsync();

        var pause = await fixture.RunAsync("projections", "pause", _name, "--json");
        var paused = await fixture.RunAsync("projections", "status", _name, "--json");
        var resume = await fixture.RunAsync("projections", "resume", _name, "--json");
        var resumed = await fixture.RunAsync("projections", "status", _name, "--json");
        var delete = await fixture.RunAsync("projections", "delete", _name, "--json");
        var gone = await fixture.RunAsync("projections", "status", _name);

        Assert.Equal([ExitCodes.Success, ExitCodes.Success, ExitCodes.Success], new[] { pause.ExitCode, resume.ExitCode, delete.ExitCode });
        Assert.Equal("paused", paused.Json()["status"]!.GetValue<string>());
        Assert.NotEqual("paused", resumed.Json()["status"]!.GetValue<string>());
        Assert.NotEqual(ExitCodes.Success, gone.ExitCode);
        Assert.StartsWith("error: ", gone.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownDocument_ExitsNonZeroWithTheProblem()
    {
        await DefineWithOrdersAsync();

        var run = await fixture.RunAsync("projections", "get", _name, "no-such-document");

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnreachableHost_ExitsNonZero()
    {
        var run = await CliFixture.RunOverNetworkAsync("projections", "status", "--json", "--url", $"http://127.0.0.1:{FreePorts.Next()}");

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Define_BadDefinition_ExitsNamingTheField()
    {
        await File.WriteAllTextAsync(_file, """{"source":{"streamPrefix":"x-"},"partitionBy":"no-pointer"}""");

        var run = await fixture.RunAsync("projections", "define", _name, "--file", _file);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("partitionBy", run.Error, StringComparison.Ordinal);
    }
}
