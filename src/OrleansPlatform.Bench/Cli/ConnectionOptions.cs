using System.CommandLine;

namespace OrleansPlatform.Bench.Cli;

/// <summary>Where the platform (and its database) is, as the user gave it.</summary>
internal sealed record ConnectionSettings(IReadOnlyList<string> Gateways, string? Postgres, string ClusterId, Uri? Url, string Storage);

/// <summary>How the benchmark reaches the platform; every address is checked to be loopback before use.</summary>
internal sealed class ConnectionOptions
{
    public Option<string[]> Gateway { get; } = new("--gateway")
    {
        Description = "Gateway endpoint host:port of a silo (repeatable); client mode.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Postgres { get; } = new("--postgres")
    {
        Description = "PostgreSQL connection string: cluster discovery in client mode when no --gateway is given, and the baseline's database.",
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "The cluster's Platform:ClusterId (client mode).",
        DefaultValueFactory = _ => "orleans-platform",
    };

    public Option<string?> Url { get; } = new("--url")
    {
        Description = "Base URL of the platform's HTTP API (http mode), e.g. http://127.0.0.1:5080.",
    };

    public Option<string?> Storage { get; } = new("--storage")
    {
        Description = "Label of the platform's storage for the report (postgres or sqlite); defaults to postgres when --postgres is given.",
    };

    public void AddTo(Command command, bool withUrl)
    {
        Gateway.Validators.Add(r =>
        {
            foreach (var gateway in r.GetValueOrDefault<string[]>() ?? [])
            {
                if (LoopbackGuard.GatewayError(gateway) is { } error)
                {
                    r.AddError(error);
                }
            }
        });
        Postgres.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } cs && LoopbackGuard.PostgresError(cs) is { } error)
            {
                r.AddError(error);
            }
        });
        Url.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } url && LoopbackGuard.UrlError(url) is { } error)
            {
                r.AddError(error);
            }
        });
        command.Add(Gateway);
        command.Add(Postgres);
        command.Add(ClusterId);
        if (withUrl)
        {
            command.Add(Url);
        }

        command.Add(Storage);
    }

    public ConnectionSettings Read(ParseResult parse)
    {
        var postgres = parse.GetValue(Postgres);
        var url = parse.GetValue(Url);
        var storage = parse.GetValue(Storage) ?? (postgres is null ? "unspecified" : "postgres");
        return new ConnectionSettings(parse.GetValue(Gateway) ?? [], postgres, parse.GetValue(ClusterId)!,
            url is null ? null : new Uri(url), storage);
    }
}
