using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansPlatform.Gateway;

/// <summary>
/// Puts the caller's correlation id (<c>X-Correlation-Id</c>, else the trace id) and the trace id in the logging
/// scope of everything the request does, and echoes the correlation id back.
/// </summary>
internal sealed class CorrelationScopeMiddleware(RequestDelegate next, ILogger<CorrelationScopeMiddleware> logger)
{
    public const string Header = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var traceId = Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        var correlationId = context.Request.Headers[Header] is [{ Length: > 0 and <= 200 } given] ? given : traceId;
        context.Response.Headers[Header] = correlationId;
        using (logger.BeginScope(new CorrelationScope(correlationId, traceId)))
        {
            await next(context);
        }
    }
}
