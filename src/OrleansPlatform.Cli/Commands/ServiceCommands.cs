using System.CommandLine;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`services register|list|show|resolve|deregister`: the service registry.</summary>
internal static class ServiceCommands
{
    public static Command Build(CliRuntime runtime) =>
        new("services", "Register, list and resolve service instances") { Register(runtime), List(runtime), Show(runtime), Resolve(runtime), Deregister(runtime) };

    private static Argument<string> Service() => new("service") { Description = "Service name" };

    private static Command Register(CliRuntime runtime)
    {
        var service = Service();
        var instance = new Argument<string>("instanceId") { Description = "Instance id" };
        var address = new Option<string>("--address") { Description = "Base URL of the instance", Required = true };
        var weight = new Option<int?>("--weight") { Description = "Weight for weighted balancing" };
        var ttl = new Option<string?>("--ttl") { Description = "Heartbeat TTL (hh:mm:ss)" };
        var tags = new Option<string[]>("--tag") { Description = "Tag (repeatable)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("register", "Register (or update) a service instance") { service, instance, address, weight, ttl, tags };
        runtime.Handle(command, async (scope, ct) =>
        {
            var body = new JsonObject { ["address"] = scope.Get(address) };
            TopicCommands.Set(body, "weight", scope.Get(weight));
            TopicCommands.Set(body, "ttl", scope.Get(ttl));
            if (scope.Get(tags) is { Length: > 0 } chosen)
            {
                body["tags"] = new JsonArray(chosen.Select(t => (JsonNode?)t).ToArray());
            }

            var path = $"/api/v1/services/{Args.Segment(scope.Get(service))}/instances/{Args.Segment(scope.Get(instance))}";
            return scope.Output.Print(await scope.Api.PutAsync(path, body, ct), scope.Get(service));
        });
        return command;
    }

    private static Command List(CliRuntime runtime)
    {
        var command = new Command("list", "List registered services");
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.GetAsync("/api/v1/services", ct), "services"));
        return command;
    }

    private static Command Show(CliRuntime runtime)
    {
        var service = Service();
        var command = new Command("show", "Show a service's instances and their health") { service };
        runtime.Handle(command, async (scope, ct) =>
            scope.Output.Print(await scope.Api.GetAsync($"/api/v1/services/{Args.Segment(scope.Get(service))}", ct), scope.Get(service), "instanceId", "address", "status", "weight", "lastHeartbeat"));
        return command;
    }

    private static Command Resolve(CliRuntime runtime)
    {
        var service = Service();
        var strategy = new Option<string?>("--strategy") { Description = "roundRobin, weighted, leastConnections, random or consistentHash" };
        var key = new Option<string?>("--key") { Description = "Key for consistentHash" };
        var command = new Command("resolve", "Pick one healthy instance of a service") { service, strategy, key };
        runtime.Handle(command, async (scope, ct) =>
        {
            var query = Args.Query(("strategy", scope.Get(strategy)), ("key", scope.Get(key)));
            return scope.Output.Print(await scope.Api.GetAsync($"/api/v1/services/{Args.Segment(scope.Get(service))}/resolve{query}", ct), scope.Get(service));
        });
        return command;
    }

    private static Command Deregister(CliRuntime runtime)
    {
        var service = Service();
        var instance = new Argument<string>("instanceId") { Description = "Instance id" };
        var command = new Command("deregister", "Remove a service instance") { service, instance };
        runtime.Handle(command, async (scope, ct) =>
            scope.Output.Print(await scope.Api.DeleteAsync($"/api/v1/services/{Args.Segment(scope.Get(service))}/instances/{Args.Segment(scope.Get(instance))}", ct)));
        return command;
    }
}
