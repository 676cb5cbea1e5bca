using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Silo;

/// <summary>Fails start-up with the setting's name when a port is taken, instead of a socket error deep in Orleans.</summary>
internal static class PortAvailability
{
    public static void EnsureFree(int port, string setting)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException ex)
        {
            throw new OptionsValidationException(setting, typeof(PlatformOptions), [$"{setting}={port} cannot be used: {ex.SocketErrorCode}. Choose a free port."]);
        }
    }
}
