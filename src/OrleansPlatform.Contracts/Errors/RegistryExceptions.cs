namespace OrleansPlatform.Contracts.Errors;

/// <summary>A service has no healthy instance to call (503 over HTTP).</summary>
[GenerateSerializer, Alias("op.registry.NoHealthyInstanceException")]
public sealed class NoHealthyInstanceException : PlatformException
{
    /// <summary>Creates the exception.</summary>
    public NoHealthyInstanceException(string service, int registered)
        : base(registered == 0
            ? $"Service '{service}' has no registered instance."
            : $"None of the {registered} instances of service '{service}' is healthy.")
    {
        Service = service;
        Registered = registered;
    }

    /// <summary>The service.</summary>
    [Id(0)] public string Service { get; }

    /// <summary>How many instances are registered (all unhealthy); 0 when the registry does not know the service.</summary>
    [Id(1)] public int Registered { get; }
}
