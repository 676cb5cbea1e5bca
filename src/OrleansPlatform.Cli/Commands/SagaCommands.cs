using System.CommandLine;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`sagas define|start|watch|signal|cancel|list|show`: saga definitions and instances.</summary>
internal static class SagaCommands
{
    /// <summary>Saga statuses after which nothing more happens (the watch route closes after one of them).</summary>
    private static readonly string[] Finished = ["completed", "compensated", "failed", "timedOut", "cancelled"];

    public static Command Build(CliRuntime runtime) =>
        new("sagas", "Define, start, watch, signal, cancel and list sagas")
        {
            Define(runtime), Start(runtime), Watch(runtime), Signal(runtime), Cancel(runtime), List(runtime), Show(runtime),
        };

    private static Argument<string> SagaId() => new("sagaId") { Description = "Saga id" };

    private static Command Define(CliRuntime runtime)
    {
        var name = new Argument<string>("name") { Description = "Definition name" };
        var file = new Option<FileInfo>("--file") { Description = "JSON file with the definition (steps, timeout, compensation)", Required = true };
        var command = new Command("define", "Create or update a saga definition from a file") { name, file };
        runtime.Handle(command, async (scope, ct) =>
            scope.Output.Print(await scope.Api.PutAsync($"/api/v1/saga-definitions/{Args.Segment(scope.Get(name))}", Args.File(scope.Get(file), "--file"), ct), scope.Get(name)));
        return command;
    }

    private static Command Start(CliRuntime runtime)
    {
        var definition = new Argument<string>("definition") { Description = "Definition name" };
        var input = new Option<string>("--input") { Description = "Saga input: JSON, @file or -", DefaultValueFactory = _ => "{}" };
        var sagaId = new Option<string?>("--saga-id") { Description = "Saga id (idempotent start)" };
        var command = new Command("start", "Start a saga") { definition, input, sagaId };
        runtime.Handle(command, async (scope, ct) =>
        {
            var body = new JsonObject { ["definition"] = scope.Get(definition), ["input"] = Args.Json(scope.Get(input), "--input") };
            TopicCommands.Set(body, "sagaId", scope.Get(sagaId));
            return scope.Output.Print(await scope.Api.PostAsync("/api/v1/sagas", body, ct), "saga");
        });
        return command;
    }

    private static Command Watch(CliRuntime runtime)
    {
        var id = SagaId();
        var count = Tail.CountOption();
        var command = new Command("watch", $"Follow a saga until it finishes (exit code {ExitCodes.Failed} unless it completed), Ctrl+C or --count") { id, count };
        runtime.Handle(command, async (scope, ct) =>
        {
            string? last = null;
            await Tail.RunAsync(scope, $"/api/v1/sagas/{Args.Segment(scope.Get(id))}/watch", scope.Get(count), saga =>
            {
                last = Output.Scalar(saga["status"]);
                return true;
            }, Describe, ct);
            return last is null || last == "completed" || !Finished.Contains(last) ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static string Describe(JsonNode saga)
    {
        var steps = saga["steps"]?.AsArray().Select(s => $"{Output.Scalar(s?["name"])}={Output.Scalar(s?["status"])}") ?? [];
        return $"{Output.Scalar(saga["sagaId"])} {Output.Scalar(saga["status"])} [{string.Join(", ", steps)}]";
    }

    private static Command Signal(CliRuntime runtime)
    {
        var id = SagaId();
        var signal = new Argument<string>("signal") { Description = "Signal name the saga waits for" };
        var data = new Option<string>("--data") { Description = "Signal body (becomes the step's output): JSON, @file or -", DefaultValueFactory = _ => "{}" };
        var command = new Command("signal", "Send a signal to a waiting saga") { id, signal, data };
        runtime.Handle(command, async (scope, ct) =>
            scope.Output.Print(await scope.Api.PostAsync($"/api/v1/sagas/{Args.Segment(scope.Get(id))}/signals/{Args.Segment(scope.Get(signal))}", Args.Json(scope.Get(data), "--data"), ct)));
        return command;
    }

    private static Command Cancel(CliRuntime runtime)
    {
        var id = SagaId();
        var command = new Command("cancel", "Cancel a saga (compensates what completed)") { id };
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.PostAsync($"/api/v1/sagas/{Args.Segment(scope.Get(id))}/cancel", null, ct)));
        return command;
    }

    private static Command List(CliRuntime runtime)
    {
        var status = new Option<string?>("--status") { Description = "Only sagas in this status" };
        var definition = new Option<string?>("--definition") { Description = "Only sagas of this definition" };
        var command = new Command("list", "List sagas") { status, definition };
        runtime.Handle(command, async (scope, ct) =>
            scope.Output.Print(await scope.Api.GetAsync("/api/v1/sagas" + Args.Query(("status", scope.Get(status)), ("definition", scope.Get(definition))), ct), "sagas", "sagaId", "definition", "status", "startedAt", "updatedAt"));
        return command;
    }

    private static Command Show(CliRuntime runtime)
    {
        var id = SagaId();
        var command = new Command("show", "Show a saga's status, steps and history") { id };
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.GetAsync($"/api/v1/sagas/{Args.Segment(scope.Get(id))}", ct), scope.Get(id)));
        return command;
    }
}
