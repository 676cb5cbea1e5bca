using Orleans.Metadata;
using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>
/// Calls an in-cluster step's <see cref="ISagaStepHandler"/> grain, keyed by the saga id, with a cancellation token
/// that fires at the step's timeout. A handler type that no silo hosts yet fails the attempt (retryable: the service
/// hosting it may join later) with an error that names it, rather than the runtime's placement error.
/// </summary>
internal static class StepHandlerCaller
{
    public static async Task<StepReport> CallAsync(IGrainFactory grains, IClusterManifestProvider manifests, StepDispatch dispatch)
    {
        var name = dispatch.Action.Grain!;
        var grainType = GrainType.Create(name);
        if (!manifests.Current.Silos.Values.Any(silo => silo.Grains.ContainsKey(grainType)))
        {
            return Failed(dispatch, $"No silo hosts the step handler grain type '{name}'; the step's retries try again in case it joins.", retryable: true);
        }

        var handler = grains.GetGrain<ISagaStepHandler>(GrainId.Create(grainType, dispatch.SagaId));
        var request = new SagaStepRequest(
            dispatch.SagaId, dispatch.Definition, dispatch.Step, dispatch.Compensating, dispatch.Attempt, dispatch.IdempotencyKey,
            dispatch.Input ?? "null", dispatch.Outputs ?? new Dictionary<string, string>(), dispatch.Body);
        using var timeout = new CancellationTokenSource(dispatch.Timeout);
        try
        {
            var reply = await handler.HandleAsync(request, timeout.Token);
            return reply.Succeeded
                ? new StepReport(dispatch.Step, dispatch.Compensating, dispatch.Attempt, true, StepBodies.AsJson(reply.Output), null, false)
                : Failed(dispatch, reply.Error ?? "The step handler reported a failure.", reply.Retryable);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return Failed(dispatch, $"The step handler '{name}' did not answer within the step timeout ({dispatch.Timeout:c}).", retryable: true);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Failed(dispatch, $"The step handler '{name}' failed: {ex.Message}", retryable: true);
        }
    }

    private static StepReport Failed(StepDispatch dispatch, string error, bool retryable) =>
        new(dispatch.Step, dispatch.Compensating, dispatch.Attempt, false, null, error, retryable);
}
