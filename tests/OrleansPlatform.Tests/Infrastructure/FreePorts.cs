using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>Ports the OS says are free right now, for silos started by tests.</summary>
public static class FreePorts
{
    // The OS may hand the same ephemeral port out again as soon as a probe closes it: never give one out twice.
    private static readonly ConcurrentDictionary<int, bool> Given = new();

    public static int Next()
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            if (Given.TryAdd(port, true))
            {
                return port;
            }
        }
    }
}
