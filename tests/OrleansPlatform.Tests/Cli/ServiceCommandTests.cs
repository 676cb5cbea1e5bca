using OrleansPlatform.Cli;

namespace OrleansPlatform.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class ServiceCommandTests(CliFixture fixture)
{
    [Fact]
    public async Task ServicesRegisterListShowResolve_Json_ResolvesTheInstance()
    {
        var service = $"cli-svc-{Guid.NewGuid():N}";

        var register = await fixture.RunAsync("services", "register", service, "i-1", "--address", "http://127.0.0.1:7001", "--weight", "2", "--ttl", "00:05:00", "--json");
        var list = await fixture.RunAsync("services", "list", "--json");
        var show = await fixture.RunAsync("services", "show", service, "--json");
        var resolve = await fixture.RunAsync("services", "resolve", service, "--strategy", "roundRobin", "--json");

        Assert.Equal((ExitCodes.Success, ""), (register.ExitCode, register.Error));
        Assert.Contains(service, list.Output, StringComparison.Ordinal);
        Assert.Equal("i-1", Assert.Single(show.Json()["instances"]!.AsArray())!["instanceId"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:7001", resolve.Json()["address"]!.GetValue<string>());
    }

    [Fact]
    public async Task ServicesResolve_NoInstance_ExitsWithAnError()
    {
        var run = await fixture.RunAsync("services", "resolve", $"cli-none-{Guid.NewGuid():N}");

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }
}
