using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary><c>/api/v1/mesh</c>: calls to registered services through the mesh, and who calls whom.</summary>
public static class MeshEndpoints
{
    // Reading through the mesh needs a reader, changing anything a writer; which caller may call which service is the
    // service's allowlist.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["MeshGet"] = PlatformRoles.Reader,
        ["MeshHead"] = PlatformRoles.Reader,
        ["MeshOptions"] = PlatformRoles.Reader,
        ["MeshPost"] = PlatformRoles.Writer,
        ["MeshPut"] = PlatformRoles.Writer,
        ["MeshPatch"] = PlatformRoles.Writer,
        ["MeshDelete"] = PlatformRoles.Writer,
        ["MeshTopology"] = PlatformRoles.Reader,
    };

    /// <summary>One route per method, so each has its own operation (and role) in the OpenAPI document.</summary>
    private static readonly string[] Methods =
        [HttpMethods.Get, HttpMethods.Head, HttpMethods.Options, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public static RouteGroupBuilder MapMeshEndpoints(this RouteGroupBuilder api)
    {
        var mesh = api.MapGroup("/mesh").WithTags("Service mesh").RequireRoles(Roles);
        mesh.MapGet("/topology", GetTopology).WithName("MeshTopology");
        foreach (var method in Methods)
        {
            mesh.MapMethods("/{service}/{**path}", [method], ForwardAsync).WithName(RouteName(method));
        }

        return mesh;
    }

    /// <summary>The route name of the mesh's <paramref name="method"/> route: MeshGet, MeshPost...</summary>
    public static string RouteName(string method) => "Mesh" + method[0] + method[1..].ToLowerInvariant();

    public static Ok<MeshTopologyDto> GetTopology(MeshTopology topology) => TypedResults.Ok(topology.Snapshot());

    private static Task ForwardAsync(HttpContext context, string service) =>
        context.RequestServices.GetRequiredService<MeshForwarder>().ForwardAsync(context, service);
}
