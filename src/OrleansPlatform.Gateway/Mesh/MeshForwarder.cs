using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Gateway.Errors;
using OrleansPlatform.Gateway.Security;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPlatform.Gateway.Mesh;

/// <summary>
/// <c>ANY /api/v1/mesh/{service}/{**path}</c>: allowlist, then the caller's rate limit, then the service pipeline
/// (deadline, retries) around attempts, each on an instance picked from the cached view and run through that
/// instance's breaker and attempt timeout, forwarded by YARP. Refusals are ProblemDetails naming their rule.
/// </summary>
internal sealed class MeshForwarder(
    IHttpForwarder forwarder, MeshCatalog catalog, MeshTopology topology, MeshHttp http, IOptions<ApiSecurityOptions> security, TimeProvider time)
{
    private static readonly PathString MeshPrefix = "/api/v1/mesh";
    private readonly bool _credentials = security.Value.IsConfigured;

    public async Task ForwardAsync(HttpContext context, string service)
    {
        RegistryRules.EnsureNames(service);
        var mesh = await catalog.GetAsync(service);
        context.Request.Path.StartsWithSegments(MeshPrefix.Add("/" + service), out var downstream);
        var call = new MeshCall(context, mesh, downstream.HasValue ? downstream : "/", MeshCaller.Of(context, _credentials), time);
        try
        {
            if (await RunAsync(call) is { } refusal && !context.Response.HasStarted)
            {
                await PlatformProblemDetails.WriteAsync(context, refusal);
            }
        }
        finally
        {
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            var caller = call.Caller ?? MeshTopology.Anonymous;
            MeshTelemetry.Completed(service, call.Instance?.Id, caller, status, call.Elapsed);
            topology.Record(caller, service, status, call.Elapsed);
        }
    }

    private async Task<MeshRefusedException?> RunAsync(MeshCall call)
    {
        var settings = call.Settings;
        if (!settings.Allows(call.Caller))
        {
            return MeshRefusedException.NotAllowed(call.Service.Name, call.Caller);
        }

        if (settings.TryAcquire(call.Caller) is { } retryAfter)
        {
            return MeshRefusedException.Limited(call.Service.Name, call.Caller, retryAfter);
        }

        if (call.DeadlineLeft() <= TimeSpan.Zero)
        {
            return MeshRefusedException.TimedOut(call.Service.Name, call.Deadline);
        }

        if (settings.MaxAttempts > 1)
        {
            settings.Budget.Deposit();
        }

        var context = call.Context;
        if (call.Retryable && settings.MaxAttempts > 1 && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true })
        {
            // A retry sends the body again, so it is kept (in memory, then a temp file) as it is read.
            context.Request.EnableBuffering();
        }

        context.Features.Set(call);
        try
        {
            // One attempt whose own timeout is the whole deadline: the service pipeline (a second timer, no retry)
            // would add nothing but cost, so the attempt runs on its own.
            var outcome = settings.MaxAttempts == 1 && call.Deadline >= settings.Timeout
                ? await AttemptAsync(call, context.RequestAborted)
                : await RunPipelineAsync(call);
            return outcome switch
            {
                { Refusal: { } refusal } => refusal,
                { Error: ForwarderError.RequestTimedOut } => MeshRefusedException.TimedOut(call.Service.Name, call.Elapsed),
                { Error: ForwarderError.Request or ForwarderError.RequestCreation } => MeshRefusedException.Unreachable(call.Service.Name),
                _ => null,
            };
        }
        catch (TimeoutRejectedException)
        {
            return Fail(context, MeshRefusedException.TimedOut(call.Service.Name, call.Elapsed));
        }
        catch (BrokenCircuitException)
        {
            return Fail(context, MeshRefusedException.Open(call.Service.Name));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
    }

    private async ValueTask<AttemptOutcome> RunPipelineAsync(MeshCall call)
    {
        var resilience = ResilienceContextPool.Shared.Get(call.Context.RequestAborted);
        resilience.Properties.Set(MeshCall.Key, call);
        try
        {
            return await call.Settings.Pipeline.ExecuteAsync(
                static (resilience, state) => state.Self.AttemptAsync(state.Call, resilience.CancellationToken), resilience, (Self: this, Call: call));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }
    }

    private async ValueTask<AttemptOutcome> AttemptAsync(MeshCall call, CancellationToken cancellationToken)
    {
        call.BeginAttempt();
        if (call.Service.Pick(call, out var refusal) is not { } instance)
        {
            return AttemptOutcome.Refused(refusal!);
        }

        call.Trying(instance);
        var failed = true;
        try
        {
            var outcome = await instance.Pipeline.ExecuteAsync(
                static (state, token) => state.Self.SendAsync(state.Call, state.Instance, token), (Self: this, Call: call, Instance: instance), cancellationToken);
            failed = outcome.InstanceFailed;
            return outcome;
        }
        catch (BrokenCircuitException)
        {
            // Refused by the breaker before any request went out: says nothing new about the instance.
            failed = false;
            throw;
        }
        finally
        {
            call.Service.Release(instance);
            if (!call.Context.RequestAborted.IsCancellationRequested)
            {
                call.Service.Record(instance, failed);
            }
        }
    }

    private async ValueTask<AttemptOutcome> SendAsync(MeshCall call, MeshInstance instance, CancellationToken cancellationToken)
    {
        var error = await forwarder.SendAsync(call.Context, instance.Address, http.Invoker, http.Config, MeshTransformer.Instance, cancellationToken);
        if (error != ForwarderError.None && cancellationToken.IsCancellationRequested && !call.Context.RequestAborted.IsCancellationRequested)
        {
            // The attempt timeout or the deadline cancelled it: Polly turns this into its timeout.
            throw new OperationCanceledException(cancellationToken);
        }

        return new AttemptOutcome(call.Context.Response.StatusCode, error, call.Withheld, null);
    }

    /// <summary>A refusal can only be written while nothing was sent; otherwise the half-sent answer is cut off.</summary>
    private static MeshRefusedException? Fail(HttpContext context, MeshRefusedException refusal)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return null;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Features.Set<IForwarderErrorFeature>(null);
        return refusal;
    }
}
