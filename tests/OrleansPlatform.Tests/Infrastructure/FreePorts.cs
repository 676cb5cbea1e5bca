using System.Net;
using System.Net.Sockets;

namespace OrleansPlatform.Tests.Infrastructure;

/// <summary>Ports the OS says are free right now, for silos started by tests.</summary>
public static class FreePorts
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
