using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrleansPlatform.Admin.Session;

/// <summary>
/// <c>POST /admin/logout</c>: forgets the credential cookie. A POST with an antiforgery token, never a GET, so another
/// site cannot sign an operator out with a link or an image.
/// </summary>
internal static class LogoutEndpoint
{
    public const string Path = "/admin/logout";

    public static IEndpointConventionBuilder MapAdminLogout(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, LogoutAsync).DisableAntiforgery().ExcludeFromDescription();

    // Validated here rather than by the middleware, which for a handler without form parameters would only record the outcome.
    private static async Task<IResult> LogoutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token",
                detail: "Sign out from the admin UI's own Sign out button.");
        }

        CredentialCookie.Delete(context);
        return TypedResults.Redirect($"{context.Request.PathBase}/admin/login");
    }
}
