using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace OrleansPlatform.Gateway.Security;

/// <summary>
/// The role each endpoint of a group needs, keyed by endpoint name: every endpoint module declares its table next to
/// its routes, so who may call what reads in one place.
/// </summary>
public static class EndpointRoles
{
    /// <summary>
    /// Requires, for every endpoint of <paramref name="group"/>, the role its name maps to in <paramref name="roles"/>.
    /// An endpoint missing from the table fails start-up instead of being left open.
    /// </summary>
    public static RouteGroupBuilder RequireRoles(this RouteGroupBuilder group, IReadOnlyDictionary<string, string> roles)
    {
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
            if (name is null || !roles.TryGetValue(name, out var role))
            {
                throw new InvalidOperationException($"Endpoint '{endpoint.DisplayName}' has no entry in its group's role table.");
            }

            endpoint.Metadata.Add(new AuthorizeAttribute(SecurityExtensions.PolicyFor(role)));
        });
        return group;
    }
}
