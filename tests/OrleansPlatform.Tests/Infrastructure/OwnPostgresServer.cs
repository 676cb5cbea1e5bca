using System.Diagnostics;
using Npgsql;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of a test's own (initdb + pg_ctl, like deploy/scripts/test-postgres.sh), for tests that stop
/// and restart the database under load without disturbing the server every other test shares.
/// </summary>
public sealed class OwnPostgresServer : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _directory;
    private readonly int _port;

    private OwnPostgresServer(string bin, string directory, int port) => (_bin, _directory, _port) = (bin, directory, port);

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=true";

    /// <summary>Creates and starts a server, on <paramref name="port"/> when given (a test may point a client there first).</summary>
    public static async Task<OwnPostgresServer> StartAsync(int? port = null)
    {
        var bin = FindBin();
        var directory = Directory.CreateTempSubdirectory("op-own-pg.").FullName;
        if (Environment.IsPrivilegedProcess)
        {
            // initdb refuses to run as root: the server runs as the postgres account.
            await RunAsync("chown", ["postgres", directory]);
        }

        var server = new OwnPostgresServer(bin, directory, port ?? FreePorts.Next());
        await server.AsOwnerAsync("initdb", ["-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8"]);
        await server.StartAgainAsync();
        return server;
    }

    private string Data => Path.Combine(_directory, "data");

    /// <summary>Starts the (stopped) server on the same port and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        await AsOwnerAsync("pg_ctl", ["-D", Data, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k {_directory} -c max_connections=200", "start"]);
    }

    /// <summary>Stops the server the hard way: no checkpoint, clients see their connections drop.</summary>
    public Task StopImmediatelyAsync() => AsOwnerAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await AsOwnerAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private Task AsOwnerAsync(string tool, IReadOnlyList<string> arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static string FindBin()
    {
        if (Environment.GetEnvironmentVariable("PGTEST_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_ctl")));
        return onPath
            ?? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Order(StringComparer.Ordinal).LastOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL server binaries (pg_ctl, initdb) not found.");
    }
}
