using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace OrleansPlatform.Gateway.Security;

/// <summary>
/// Builds the endpoints once while the host starts, so a route missing from its group's role table
/// (<see cref="EndpointRoles"/>) stops start-up instead of failing its first request.
/// </summary>
internal sealed class EndpointRoleCheck(EndpointDataSource endpoints) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = endpoints.Endpoints;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
