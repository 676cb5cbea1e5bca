using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OrleansPlatform.Gateway.Errors;

namespace OrleansPlatform.Gateway.Security;

/// <summary>
/// Refuses a body above <c>Platform:MaxRequestBytes</c> before reading it when its length is declared, and caps the
/// server's read limit otherwise (a chunked body over it fails as it is read, also as a 413).
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    public Task InvokeAsync(HttpContext context)
    {
        var max = options.Value.MaxRequestBytes;
        if (context.Request.ContentLength > max)
        {
            return PlatformProblemDetails.WriteAsync(context, PlatformProblemDetails.RequestTooLarge(max));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        return next(context);
    }
}
