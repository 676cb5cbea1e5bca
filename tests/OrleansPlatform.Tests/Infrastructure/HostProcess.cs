using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>
/// The real Host executable as a child process on SQLite or PostgreSQL, with free silo/gateway ports and a data
/// directory of its own, for tests of what a user sees when starting it: exit codes, console output, listen address.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory;

    private HostProcess(Process process, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything the process wrote to stdout and stderr so far, line by line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the Host with <paramref name="args"/> and <paramref name="environment"/> on top of test defaults.</summary>
    public static HostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("op-host.").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OrleansPlatform.Host.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Platform__DataDirectory"] = dataDirectory;
        start.Environment["Platform__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Platform__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Platform__ClusterId"] = "c" + Guid.NewGuid().ToString("N");
        start.Environment["Platform__AdvertisedAddress"] = "127.0.0.1";
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new HostProcess(Process.Start(start) ?? throw new InvalidOperationException("The Host process did not start."), dataDirectory);
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>Polls <c>/health/ready</c> at <paramref name="address"/> until it answers 200 (false if the process exits first).</summary>
    public async Task<bool> BecomesReadyAsync(string address, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(5) };
        return await Eventually.MatchAsync(() => ReadyAsync(client), ready => ready || _process.HasExited, timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private static async Task<bool> ReadyAsync(HttpClient client)
    {
        try
        {
            return (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
