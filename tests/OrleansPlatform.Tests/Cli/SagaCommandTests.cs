using OrleansPlatform.Cli;

namespace OrleansPlatform.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class SagaCommandTests(CliFixture fixture)
{
    private async Task<string> DefineApprovalAsync()
    {
        var name = $"cli-approval-{Guid.NewGuid():N}";
        var file = Path.Combine(Path.GetTempPath(), $"{name}.json");
        await File.WriteAllTextAsync(file, """{"steps":[{"name":"approve","action":{"signal":"approved"}}]}""");
        var define = await fixture.RunAsync("sagas", "define", name, "--file", file, "--json");
        File.Delete(file);
        Assert.Equal((ExitCodes.Success, ""), (define.ExitCode, define.Error));
        return name;
    }

    [Fact]
    public async Task SagasStartSignalWatch_Json_WatchEndsCompletedWithExitZero()
    {
        var definition = await DefineApprovalAsync();
        var sagaId = $"cli-saga-{Guid.NewGuid():N}";

        var start = await fixture.RunAsync("sagas", "start", definition, "--saga-id", sagaId, "--input", """{"order":"42"}""", "--json");
        var signal = await fixture.RunAsync("sagas", "signal", sagaId, "approved", "--data", """{"by":"ops"}""");
        var watch = await fixture.RunAsync("sagas", "watch", sagaId, "--json");
        var list = await fixture.RunAsync("sagas", "list", "--definition", definition, "--json");

        Assert.Equal(sagaId, start.Json()["sagaId"]!.GetValue<string>());
        Assert.Equal(ExitCodes.Success, signal.ExitCode);
        Assert.Equal(ExitCodes.Success, watch.ExitCode);
        Assert.Equal("completed", watch.JsonLines()[^1]["status"]!.GetValue<string>());
        Assert.Contains(sagaId, list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SagasCancel_ThenWatch_EndsCancelledWithFailedExitCode()
    {
        var definition = await DefineApprovalAsync();
        var sagaId = $"cli-saga-{Guid.NewGuid():N}";
        await fixture.RunAsync("sagas", "start", definition, "--saga-id", sagaId);

        var cancel = await fixture.RunAsync("sagas", "cancel", sagaId);
        var watch = await fixture.RunAsync("sagas", "watch", sagaId);

        Assert.Equal(ExitCodes.Success, cancel.ExitCode);
        Assert.Equal(ExitCodes.Failed, watch.ExitCode);
        Assert.Contains($"{sagaId} cancelled", watch.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SagasDefine_MissingFile_IsAUsageError()
    {
        var run = await fixture.RunAsync("sagas", "define", "x", "--file", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: cannot read ", run.Error, StringComparison.Ordinal);
    }
}
