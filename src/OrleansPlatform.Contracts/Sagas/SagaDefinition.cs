using System.Text.Json.Serialization;
using OrleansPlatform.Contracts.Calls;

namespace OrleansPlatform.Contracts.Sagas;

/// <summary>How the completed steps of a failed, timed-out or cancelled saga are compensated.</summary>
public enum CompensationMode
{
    /// <summary>One at a time, in reverse completion order.</summary>
    Sequential,

    /// <summary>All at once.</summary>
    Parallel,
}

/// <summary>How the wait between attempts grows.</summary>
public enum BackoffKind
{
    /// <summary>The same wait every time.</summary>
    Fixed,

    /// <summary><c>initial * attempt</c>.</summary>
    Linear,

    /// <summary><c>initial * 2^(attempt-1)</c>.</summary>
    Exponential,
}

/// <summary>A step's retry policy. Waits carry up to 20 % random jitter and never exceed <see cref="Max"/>.</summary>
/// <param name="MaxAttempts">Attempts in all, first included (1 = no retry).</param>
/// <param name="Backoff">How waits grow.</param>
/// <param name="Initial">The first wait.</param>
/// <param name="Max">The longest wait.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.RetryPolicy")]
public sealed record RetryPolicy(
    [property: Id(0)] int MaxAttempts,
    [property: Id(1)] BackoffKind Backoff,
    [property: Id(2)] TimeSpan Initial,
    [property: Id(3)] TimeSpan Max)
{
    /// <summary>Three attempts, exponential from 100 ms, at most 30 s apart.</summary>
    public static readonly RetryPolicy Default = new(3, BackoffKind.Exponential, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

    /// <summary>The wait before attempt <paramref name="nextAttempt"/> (2 or more), before jitter.</summary>
    public TimeSpan DelayBefore(int nextAttempt)
    {
        var n = Math.Max(1, nextAttempt - 1);
        var ticks = Backoff switch
        {
            BackoffKind.Fixed => Initial.Ticks,
            BackoffKind.Linear => Initial.Ticks * n,
            _ => Initial.Ticks * Math.Pow(2, Math.Min(n - 1, 30)),
        };
        return TimeSpan.FromTicks((long)Math.Min(ticks, Max.Ticks));
    }
}

/// <summary>
/// What a step does: exactly one of an HTTP call (<see cref="Call"/>), a bus command awaiting its reply
/// (<see cref="Topic"/>, <see cref="Type"/>, <see cref="ReplyType"/>), a wait for a signal (<see cref="Signal"/>), or an
/// in-cluster <see cref="ISagaStepHandler"/> grain (<see cref="Grain"/>).
/// </summary>
/// <param name="Call">The HTTP call: a service and path, or an absolute URL.</param>
/// <param name="Topic">The topic a command is published on.</param>
/// <param name="Type">The command's event type.</param>
/// <param name="ReplyType">The type of the reply event, published with correlation id <c>{sagaId}:{step}</c>.</param>
/// <param name="Signal">The signal name the step waits for.</param>
/// <param name="Body">
/// The request body as a mapping from JSON pointers into the body to JSON pointers into the step's context
/// <c>{"input":...,"outputs":{"step":...}}</c> (<c>""</c> as a key: the whole body). Null: the whole context.
/// </param>
/// <param name="Grain">The grain type name of an <see cref="ISagaStepHandler"/> a silo hosts.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.StepAction")]
public sealed record StepAction(
    [property: Id(0)] CallTarget? Call = null,
    [property: Id(1)] string? Topic = null,
    [property: Id(2)] string? Type = null,
    [property: Id(3)] string? ReplyType = null,
    [property: Id(4)] string? Signal = null,
    [property: Id(5)] IReadOnlyDictionary<string, string>? Body = null,
    [property: Id(6)] string? Grain = null)
{
    /// <summary>The kind of action.</summary>
    [JsonIgnore]
    public StepKind Kind => Call is not null ? StepKind.Http : Signal is not null ? StepKind.Signal : Grain is not null ? StepKind.Grain : StepKind.Bus;
}

/// <summary>The kinds of step action.</summary>
public enum StepKind
{
    /// <summary>An HTTP call.</summary>
    Http,

    /// <summary>A bus command and its correlated reply.</summary>
    Bus,

    /// <summary>A wait for an external signal.</summary>
    Signal,

    /// <summary>A call of an in-cluster <see cref="ISagaStepHandler"/> grain.</summary>
    Grain,
}

/// <summary>One step of a saga.</summary>
/// <param name="Name">Unique within the definition.</param>
/// <param name="Action">What the step does.</param>
/// <param name="Compensation">What undoes it (an HTTP call, a bus command or a handler grain), or null when nothing needs undoing.</param>
/// <param name="Timeout">How long one attempt may take; null: 30 s (a signal step then waits as long as the saga).</param>
/// <param name="Retry">The retry policy; null: <see cref="RetryPolicy.Default"/>.</param>
/// <param name="DependsOn">Steps that must succeed before this one starts.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaStep")]
public sealed record SagaStep(
    [property: Id(0)] string Name,
    [property: Id(1)] StepAction Action,
    [property: Id(2)] StepAction? Compensation = null,
    [property: Id(3)] TimeSpan? Timeout = null,
    [property: Id(4)] RetryPolicy? Retry = null,
    [property: Id(5)] IReadOnlyList<string>? DependsOn = null)
{
    /// <summary>A step attempt's timeout when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The dependencies, never null.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Dependencies => DependsOn ?? [];

    /// <summary>The retry policy in force.</summary>
    [JsonIgnore]
    public RetryPolicy RetryPolicy => Retry ?? RetryPolicy.Default;
}

/// <summary>A saga definition: a DAG of steps.</summary>
/// <param name="Steps">The steps; those whose dependencies are met run in parallel.</param>
/// <param name="Timeout">Bounds the whole run; null: no bound.</param>
/// <param name="Compensation">How completed steps are undone.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaDefinition")]
public sealed record SagaDefinition(
    [property: Id(0)] IReadOnlyList<SagaStep> Steps,
    [property: Id(1)] TimeSpan? Timeout = null,
    [property: Id(2)] CompensationMode Compensation = CompensationMode.Sequential);

/// <summary>A stored version of a saga definition.</summary>
/// <param name="Name">The definition's name.</param>
/// <param name="Version">Its version, from 1; a changed definition is a new version.</param>
/// <param name="Definition">The definition.</param>
/// <param name="CreatedAt">When this version was stored.</param>
[GenerateSerializer, Immutable, Alias("op.sagas.SagaDefinitionInfo")]
public sealed record SagaDefinitionInfo(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version,
    [property: Id(2)] SagaDefinition Definition,
    [property: Id(3)] DateTimeOffset CreatedAt);
