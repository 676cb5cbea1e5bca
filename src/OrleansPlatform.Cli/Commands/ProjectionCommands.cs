using System.CommandLine;

namespace OrleansPlatform.Cli.Commands;

/// <summary>`projections define|status|rebuild|pause|resume|delete|query|get`: read models (routes per api.md, "Projections and read models").</summary>
internal static class ProjectionCommands
{
    public static Command Build(CliRuntime runtime) =>
        new("projections", "Define, inspect, rebuild and query projections") {
            Define(runtime), Status(runtime), ProjectionRebuild.Build(runtime), Act(runtime, "pause", "Stop a projection applying events"),
            Act(runtime, "resume", "Resume a paused or halted projection"), Delete(runtime), Query(runtime), Get(runtime), Parked(runtime),
        };

    internal static string Path(string name, string suffix = "") => $"/api/v1/projections/{Args.Segment(name)}{suffix}";

    private static Command Define(CliRuntime runtime)
    {
        var name = new Argument<string>("name") { Description = "Projection name" };
        var file = new Option<FileInfo>("--file") { Description = "JSON file with the definition (source, partitionBy, fold, startFrom, onError)", Required = true };
        var command = new Command("define", "Create or change a projection from a file") { name, file };
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.PutAsync(Path(scope.Get(name)), Args.File(scope.Get(file), "--file"), ct), scope.Get(name)));
        return command;
    }

    private static Command Status(CliRuntime runtime)
    {
        var name = new Argument<string?>("name") { Description = "Projection name (default: list all)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Show a projection's status, checkpoint and lag (or list all)") { name };
        runtime.Handle(command, async (scope, ct) => scope.Get(name) is { } one
            ? scope.Output.Print(await scope.Api.GetAsync(Path(one), ct), one)
            : scope.Output.Print(await scope.Api.GetAsync("/api/v1/projections", ct), "projections", "name", "version", "status", "checkpoint", "head", "lagEvents", "lagSeconds", "parked"));
        return command;
    }

    private static Command Act(CliRuntime runtime, string action, string description)
    {
        var name = new Argument<string>("name") { Description = "Projection name" };
        var command = new Command(action, description) { name };
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.PostAsync(Path(scope.Get(name), "/" + action), null, ct), scope.Get(name)));
        return command;
    }

    private static Command Delete(CliRuntime runtime)
    {
        var name = new Argument<string>("name") { Description = "Projection name" };
        var command = new Command("delete", "Delete a projection and its documents") { name };
        runtime.Handle(command, async (scope, ct) => scope.Output.Print(await scope.Api.DeleteAsync(Path(scope.Get(name)), ct), scope.Get(name)));
        return command;
    }

    private static Command Get(CliRuntime runtime)
    {
        var name = new Argument<string>("name") { Description = "Projection name" };
        var id = new Argument<string>("id") { Description = "Document id" };
        var command = new Command("get", "Show one document") { name, id };
        runtime.Handle(command, async (scope, ct) =>
            scope.Output.Print(await scope.Api.GetAsync(Path(scope.Get(name), $"/documents/{Args.Segment(scope.Get(id))}"), ct), scope.Get(id)));
        return command;
    }

    private static Command Parked(CliRuntime runtime)
    {
        var name = new Argument<string>("name") { Description = "Projection name" };
        var command = new Command("parked", "List the events a projection parked") { name };
        runtime.Handle(command, async (scope, ct) =>
            scope.Output.Print(await scope.Api.GetAsync(Path(scope.Get(name), "/parked"), ct), "parked", "version", "position", "streamId", "type", "documentId", "error"));
        return command;
    }

    private static Command Query(CliRuntime runtime)
    {
        var name = new Argument<string>("name") { Description = "Projection name" };
        var id = new Option<string?>("--id") { Description = "One document by id" };
        var filters = new Option<string[]>("--filter") { Description = "field:op:value, e.g. status:eq:paid (repeatable)", AllowMultipleArgumentsPerToken = true };
        var sort = new Option<string?>("--sort") { Description = "Field to sort by, - for descending (e.g. -total)" };
        var limit = new Option<int?>("--limit") { Description = "Maximum number of documents" };
        var cursor = new Option<string?>("--cursor") { Description = "nextCursor of the previous page" };
        var command = new Command("query", "Query a projection's documents") { name, id, filters, sort, limit, cursor };
        runtime.Handle(command, async (scope, ct) =>
        {
            var projection = scope.Get(name);
            if (scope.Get(id) is { } documentId)
            {
                return scope.Output.Print(await scope.Api.GetAsync(Path(projection, $"/documents/{Args.Segment(documentId)}"), ct), documentId);
            }

            var parameters = (scope.Get(filters) ?? []).Select(f => ("filter", (object?)f))
                .Append(("sort", scope.Get(sort))).Append(("limit", scope.Get(limit))).Append(("cursor", scope.Get(cursor)));
            return scope.Output.Print(await scope.Api.GetAsync(Path(projection, "/documents" + Args.Query([.. parameters])), ct), projection, "id", "version", "position", "data");
        });
        return command;
    }
}
