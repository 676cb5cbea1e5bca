using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>
/// The platform Host as a separate operating-system process (the build's own OrleansPlatform.Host.dll), so a test
/// can kill it abruptly, as a crash or an OOM kill would, without any of its shutdown code running.
/// </summary>
public sealed class ExternalHost : IAsyncDisposable
{
    private readonly Process _process;

    private ExternalHost(Process process, Uri address)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    /// <summary>Starts a silo+gateway on PostgreSQL that joins <paramref name="clusterId"/>, and waits until it is ready.</summary>
    /// <param name="connectionString">The cluster's database.</param>
    /// <param name="clusterId">The cluster to join.</param>
    /// <param name="settings">Extra configuration, keyed as in appsettings (<c>Platform:Projections:PageSize</c>).</param>
    public static async Task<ExternalHost> StartPostgresAsync(string connectionString, string clusterId, IReadOnlyDictionary<string, string>? settings = null)
    {
        var httpPort = FreePorts.Next();
        var url = $"http://127.0.0.1:{httpPort}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OrleansPlatform.Host.dll"), "--urls", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var environment = new Dictionary<string, string>
        {
            ["Platform__Storage"] = "Postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Platform__ClusterId"] = clusterId,
            ["Platform__AdvertisedAddress"] = "127.0.0.1",
            ["Platform__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Platform__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The Host process did not start.");
        // Drain its output so a chatty process never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new ExternalHost(process, new Uri(url));
        await Eventually.MatchAsync(host.ReadyAsync, ready => ready || process.HasExited, TimeSpan.FromSeconds(90));
        return process.HasExited ? throw new InvalidOperationException($"The Host process exited with {process.ExitCode} before it was ready.") : host;
    }

    /// <summary>Kills the process at once (SIGKILL): nothing is drained, flushed or deregistered.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        Client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            return (await Client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
