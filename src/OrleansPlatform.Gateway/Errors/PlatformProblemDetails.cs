using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Gateway.Errors;

/// <summary>
/// The one place where exceptions become RFC 9457 responses. Expected platform errors keep their details; anything
/// else is a 500 without internals.
/// </summary>
internal sealed class PlatformProblemDetails(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>Key of <see cref="HttpContext.Items"/> under which an append keeps the <c>expectedVersion</c> it was sent.</summary>
    public const string ExpectedVersionAsSent = "platform.expectedVersion";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception);
        if (problem is null)
        {
            return false;
        }

        if (exception is WrongExpectedVersionException && httpContext.Items[ExpectedVersionAsSent] is System.Text.Json.JsonElement sent)
        {
            // Echo the caller's own JSON: "5" stays a string when it was sent as one.
            problem.Extensions["expectedVersion"] = sent;
        }

        return await WriteAsync(httpContext, problems, problem, exception);
    }

    /// <summary>Answers with the problem <paramref name="exception"/> maps to (middleware that refuses a request without throwing).</summary>
    public static Task WriteAsync(HttpContext httpContext, Exception exception) =>
        WriteAsync(httpContext, ToProblem(exception) ?? throw new ArgumentException("Not a platform error.", nameof(exception)), exception);

    /// <summary>Answers with <paramref name="problem"/>.</summary>
    public static Task WriteAsync(HttpContext httpContext, ProblemDetails problem, Exception? exception = null) =>
        WriteAsync(httpContext, httpContext.RequestServices.GetRequiredService<IProblemDetailsService>(), problem, exception);

    /// <summary>413 for a request body above <c>Platform:MaxRequestBytes</c>.</summary>
    public static ProblemDetails RequestTooLarge(long maxRequestBytes) => WithExtensions(
        new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "Request body too large.",
            Detail = $"The request body is larger than {maxRequestBytes} bytes (Platform:MaxRequestBytes).",
        },
        ("maxRequestBytes", maxRequestBytes));

    private static async Task<bool> WriteAsync(HttpContext httpContext, IProblemDetailsService problems, ProblemDetails problem, Exception? exception)
    {
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        var retryAfter = exception switch
        {
            RateLimitedException limited => limited.RetryAfter,
            Mesh.MeshRefusedException { RetryAfter: { } after } => after,
            _ => (TimeSpan?)null,
        };
        if (retryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails? ToProblem(Exception exception) => exception switch
    {
        PlatformValidationException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(x => x.Key, x => x.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
            Detail = e.Message,
        },
        WrongExpectedVersionException e => WithExtensions(
            new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Wrong expected version.", Detail = e.Message },
            ("streamId", e.StreamId),
            ("expectedVersion", e.Expected.IsExact ? e.Expected.Value : e.ExpectedVersion),
            ("actualVersion", e.ActualVersion)),
        StreamNotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Stream not found.", Detail = e.Message },
        StreamDeletedException e => new ProblemDetails { Status = StatusCodes.Status410Gone, Title = "Stream deleted.", Detail = e.Message },
        EventTooLargeException e => WithExtensions(
            new ProblemDetails { Status = StatusCodes.Status413PayloadTooLarge, Title = "Event too large.", Detail = e.Message },
            ("maxEventBytes", e.MaxSize)),
        ResourceNotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = $"{Capitalize(e.Kind)} not found.", Detail = e.Message },
        PlatformConflictException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = e.Message },
        RateLimitedException e => WithExtensions(
            new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Rate limit exceeded.", Detail = e.Message },
            ("retryAfterSeconds", e.RetryAfter.TotalSeconds)),
        RetentionExceededException e => WithExtensions(
            new ProblemDetails { Status = StatusCodes.Status410Gone, Title = "Purged by retention.", Detail = e.Message },
            ("firstAvailableOffset", e.FirstAvailableOffset)),
        BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "The request could not be read.", Detail = e.Message },
        NoHealthyInstanceException e => WithExtensions(
            new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "No healthy instance.", Detail = e.Message },
            ("service", e.Service),
            ("registered", e.Registered)),
        Mesh.MeshRefusedException e => WithExtensions(
            new ProblemDetails { Status = e.Status, Title = e.Title, Detail = e.Message },
            ("rule", e.Rule),
            ("service", e.Service)),
        Contracts.Projections.ProjectionNotCaughtUpException e => WithExtensions(
            new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Projection not caught up.", Detail = e.Message },
            ("checkpoint", e.Checkpoint),
            ("minPosition", e.MinPosition)),
        StorageUnavailableException e => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Storage unavailable.", Detail = e.Message },
        CommitOutcomeUnknownException e => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Commit outcome unknown.", Detail = e.Message },
        TimeoutException => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "The cluster did not answer in time." },
        Orleans.Runtime.SiloUnavailableException => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "The cluster is not available." },
        // A silo that died holds activations until the cluster declares it dead (seconds): calls to them are refused.
        Orleans.Runtime.OrleansMessageRejectionException => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Part of the cluster is not available; retry." },
        _ => null,
    };

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static ProblemDetails WithExtensions(ProblemDetails problem, params (string Key, object? Value)[] extensions)
    {
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}
