namespace OrleansPlatform.Contracts.Sagas;

/// <summary>Where a saga instance is.</summary>
public enum SagaStatus
{
    /// <summary>Steps are running.</summary>
    Running,

    /// <summary>Every step succeeded.</summary>
    Completed,

    /// <summary>Completed steps are being undone (after a failure, a timeout or a cancel).</summary>
    Compensating,

    /// <summary>A step failed and every completed step was undone.</summary>
    Compensated,

    /// <summary>A compensation kept failing; an operator may retry it (<c>POST /api/v1/sagas/{id}/retry</c>).</summary>
    Failed,

    /// <summary>The saga ran out of time; completed steps were undone.</summary>
    TimedOut,

    /// <summary>The saga was cancelled; completed steps were undone.</summary>
    Cancelled,
}

/// <summary>Where a step is.</summary>
public enum StepStatus
{
    /// <summary>Waiting for its dependencies.</summary>
    Pending,

    /// <summary>An attempt is under way.</summary>
    Running,

    /// <summary>An attempt failed; the next one is scheduled.</summary>
    Retrying,

    /// <summary>Done; its output is kept.</summary>
    Succeeded,

    /// <summary>Its last attempt failed.</summary>
    Failed,

    /// <summary>Its compensation is under way.</summary>
    Compensating,

    /// <summary>Undone.</summary>
    Compensated,

    /// <summary>Its compensation kept failing.</summary>
    CompensationFailed,

    /// <summary>Never ran: the saga stopped first.</summary>
    Skipped,
}

/// <summary>Extensions of <see cref="SagaStatus"/>.</summary>
public static class SagaStatusExtensions
{
    /// <summary>True when nothing more happens on its own (an operator may still retry a failed saga).</summary>
    public static bool IsFinished(this SagaStatus status) => status is not (SagaStatus.Running or SagaStatus.Compensating);
}
