using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Grains.Calls;
using OrleansPlatform.Publishing;

namespace OrleansPlatform.Grains.Sagas;

/// <summary>One attempt to run: everything the runner needs, decided and journaled by the saga before it is sent.</summary>
[GenerateSerializer, Immutable, Alias("op.sagas.StepDispatch")]
internal sealed record StepDispatch(
    [property: Id(0)] string SagaId,
    [property: Id(1)] string Definition,
    [property: Id(2)] string Step,
    [property: Id(3)] bool Compensating,
    [property: Id(4)] int Attempt,
    [property: Id(5)] StepAction Action,
    [property: Id(6)] string Body,
    [property: Id(7)] TimeSpan Timeout,
    [property: Id(8)] string? Input = null,
    [property: Id(9)] IReadOnlyDictionary<string, string>? Outputs = null)
{
    /// <summary>The same for every attempt of one step phase, so participants can de-duplicate retries.</summary>
    public string IdempotencyKey => $"{SagaId}:{Step}:{(Compensating ? "compensate" : "action")}";
}

/// <summary>How one attempt of a step's action or compensation ended.</summary>
/// <param name="Step">The step.</param>
/// <param name="Compensating">True for the compensation.</param>
/// <param name="Attempt">The attempt.</param>
/// <param name="Succeeded">Whether it succeeded; for a bus action, that the command is published (the reply is awaited).</param>
/// <param name="Output">The output (JSON) when it succeeded.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Retryable">False when repeating the call cannot help.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.StepReport")]
internal sealed record StepReport(
    [property: Id(0)] string Step,
    [property: Id(1)] bool Compensating,
    [property: Id(2)] int Attempt,
    [property: Id(3)] bool Succeeded,
    [property: Id(4)] string? Output,
    [property: Id(5)] string? Error,
    [property: Id(6)] bool Retryable);

/// <summary>Where step runners report back: the saga grain.</summary>
[Alias("op.sagas.ISagaStepSink")]
internal interface ISagaStepSink : IGrainWithStringKey
{
    [Alias("Report")]
    Task ReportAsync(StepReport report);

    /// <summary>Nothing but an activation: a saga activated on a live silo resumes from its journal (the recovery sweep's touch).</summary>
    [Alias("Resume")]
    Task ResumeAsync();
}

/// <summary>Runs step attempts off the saga's turn, so a slow participant never blocks the saga's reads and signals.</summary>
[Alias("op.sagas.IStepRunnerGrain")]
internal interface IStepRunnerGrain : IGrainWithIntegerKey
{
    [Alias("Run"), OneWay]
    Task RunAsync(StepDispatch dispatch);
}

/// <summary>
/// Makes a step's call through the one participant call layer (HTTP), calls its in-cluster handler grain, or
/// publishes its command (bus), then reports
/// the outcome to the saga. A lost report is harmless: the saga times the attempt out and retries it under the same
/// idempotency key.
/// </summary>
[StatelessWorker, Reentrant]
internal sealed partial class StepRunnerGrain(IParticipantCaller caller, Orleans.Runtime.IClusterManifestProvider manifests, ILogger<StepRunnerGrain> logger) : Grain, IStepRunnerGrain
{
    public async Task RunAsync(StepDispatch dispatch)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = SagaTelemetry.Source.StartActivity($"saga step {dispatch.Step}", ActivityKind.Client);
        activity?.SetTag("saga.id", dispatch.SagaId);
        activity?.SetTag("saga.step", dispatch.Step);
        activity?.SetTag("saga.phase", dispatch.Compensating ? "compensation" : "action");
        activity?.SetTag("saga.attempt", dispatch.Attempt);
        StepReport report;
        try
        {
            report = dispatch.Action switch
            {
                { Call: { } target } => await CallAsync(dispatch, target),
                { Grain: not null } => await StepHandlerCaller.CallAsync(GrainFactory, manifests, dispatch),
                _ => await PublishAsync(dispatch),
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            report = new StepReport(dispatch.Step, dispatch.Compensating, dispatch.Attempt, false, null, ex.Message, Retryable: true);
        }

        activity?.SetStatus(report.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, report.Error);
        SagaTelemetry.StepAttempted(dispatch.Definition, dispatch.Step, dispatch.Compensating, report.Succeeded, Stopwatch.GetElapsedTime(started));
        try
        {
            await GrainFactory.GetGrain<ISagaStepSink>(dispatch.SagaId).ReportAsync(report);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogReportLost(logger, ex, dispatch.SagaId, dispatch.Step, dispatch.Attempt);
        }
    }

    private async Task<StepReport> CallAsync(StepDispatch dispatch, Contracts.Calls.CallTarget target)
    {
        var headers = new Dictionary<string, string>
        {
            ["Idempotency-Key"] = dispatch.IdempotencyKey,
            ["X-Saga-Id"] = dispatch.SagaId,
            ["X-Saga-Step"] = dispatch.Step,
        };
        var outcome = await caller.CallAsync(new ParticipantCall(target, dispatch.Body, headers, dispatch.Timeout), CancellationToken.None);
        return new StepReport(dispatch.Step, dispatch.Compensating, dispatch.Attempt, outcome.Succeeded,
            outcome.Succeeded ? StepBodies.AsJson(outcome.Body) : null, outcome.Error, outcome.Retryable);
    }

    private async Task<StepReport> PublishAsync(StepDispatch dispatch)
    {
        var action = dispatch.Action;
        var message = new OutgoingMessage(
            StepBodies.CommandId(dispatch.IdempotencyKey), dispatch.SagaId, action.Type!, dispatch.Body,
            CorrelationId: StepBodies.CorrelationId(dispatch.SagaId, dispatch.Step),
            Headers: new Dictionary<string, string> { ["Idempotency-Key"] = dispatch.IdempotencyKey, ["X-Saga-Id"] = dispatch.SagaId });
        await TopicPublisher.PublishAsync(GrainFactory, action.Topic!, [message]);
        return new StepReport(dispatch.Step, dispatch.Compensating, dispatch.Attempt, true, "null", null, false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga {SagaId} step {Step} attempt {Attempt}: the outcome could not be reported; the saga's step timeout retries it")]
    private static partial void LogReportLost(ILogger logger, Exception exception, string sagaId, string step, int attempt);
}
