using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OrleansPlatform.Cli;

/// <summary>
/// Prints answers: with --json the raw body as the server sent it (one line per event for tails), otherwise
/// Spectre.Console tables: an object's scalar fields as a two-column grid, each array of objects as its own table.
/// </summary>
internal sealed class Output
{
    private readonly TextWriter _writer;

    public Output(TextWriter writer, bool json)
    {
        _writer = writer;
        Json = json;
        Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
    }

    public bool Json { get; }

    public IAnsiConsole Console { get; }

    /// <summary>Prints an answer; <paramref name="columns"/>, when given, narrows tables of objects to those fields (wide records stay readable).</summary>
    public int Print(ApiResponse response, string? title = null, params string[] columns)
    {
        if (Json)
        {
            _writer.WriteLine(response.Raw);
        }
        else if (response.Body is null)
        {
            Console.MarkupLine($"[green]OK[/] ({response.Status})");
        }
        else
        {
            Render(response.Body, title, columns);
        }

        return ExitCodes.Success;
    }

    /// <summary>One event of a tail or watch: a JSON line for scripts, a short line for people.</summary>
    public void PrintEvent(string data, Func<JsonNode, string> describe)
    {
        if (Json)
        {
            _writer.WriteLine(data);
            return;
        }

        var node = JsonNode.Parse(data);
        _writer.WriteLine(node is null ? data : describe(node));
    }

    public void Render(JsonNode node, string? title = null, params string[] columns)
    {
        switch (node)
        {
            case JsonArray array:
                Console.Write(Table(array, title, columns));
                break;
            case JsonObject obj:
                var grid = new Table().AddColumn("field").AddColumn("value");
                if (title is not null)
                {
                    grid.Title = new TableTitle(title);
                }

                var nested = new List<(string Name, JsonArray Items)>();
                foreach (var (name, value) in obj)
                {
                    if (value is JsonArray items && items.Count > 0 && items.All(i => i is JsonObject))
                    {
                        nested.Add((name, items));
                    }
                    else
                    {
                        grid.AddRow(Markup.Escape(name), Markup.Escape(Scalar(value)));
                    }
                }

                if (grid.Rows.Count > 0)
                {
                    Console.Write(grid);
                }

                nested.ForEach(n => Console.Write(Table(n.Items, n.Name, columns)));
                break;
            default:
                _writer.WriteLine(Scalar(node));
                break;
        }
    }

    private static Table Table(JsonArray items, string? title, string[] wanted)
    {
        var columns = items.OfType<JsonObject>().SelectMany(o => o.Select(p => p.Key)).Distinct().ToList();
        if (wanted.Length > 0 && columns.Intersect(wanted).ToList() is { Count: > 0 } narrowed)
        {
            columns = narrowed;
        }

        var table = new Table();
        if (title is not null)
        {
            table.Title = new TableTitle(title);
        }

        if (columns.Count == 0)
        {
            table.AddColumn("value");
            foreach (var item in items)
            {
                table.AddRow(Markup.Escape(Scalar(item)));
            }

            return table;
        }

        columns.ForEach(c => table.AddColumn(Markup.Escape(c)));
        foreach (var item in items.OfType<JsonObject>())
        {
            table.AddRow(columns.Select(c => Markup.Escape(Scalar(item[c]))).ToArray());
        }

        return table;
    }

    public static string Scalar(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };
}
