using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Contracts.Sagas;

/// <summary>Rules of saga definitions and ids, shared by gateway, client and grains.</summary>
public static class SagaRules
{
    /// <summary>Most steps a definition may have.</summary>
    public const int MaxSteps = 100;

    /// <summary>Most attempts a retry policy may allow.</summary>
    public const int MaxAttempts = 100;

    /// <summary>Longest step timeout.</summary>
    public static readonly TimeSpan MaxStepTimeout = TimeSpan.FromDays(1);

    /// <summary>Returns an error when <paramref name="name"/> is not a valid definition, step or signal name.</summary>
    public static string? NameError(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > 100 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            ? "A name has 1 to 100 letters, digits, '_', '.' or '-'."
            : null;

    /// <summary>Returns an error when <paramref name="grainType"/> cannot be the grain type name of a step handler.</summary>
    public static string? GrainTypeError(string? grainType) =>
        string.IsNullOrWhiteSpace(grainType) || grainType.Length > 200 || grainType.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? "A grain step names its handler's grain type: 1 to 200 characters without spaces."
            : null;

    /// <summary>Returns an error when <paramref name="sagaId"/> is not a valid saga id.</summary>
    public static string? SagaIdError(string? sagaId) =>
        string.IsNullOrEmpty(sagaId) || sagaId.Length > 200 || sagaId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '@'))
            ? "A saga id has 1 to 200 letters, digits, '_', '.', '-' or '@'."
            : null;

    /// <summary>Throws <see cref="PlatformValidationException"/> naming every problem of the definition.</summary>
    public static void EnsureValid(string name, SagaDefinition definition)
    {
        var errors = Validate(name, definition);
        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    /// <summary>The problems of the definition, by field (such as <c>steps[1].dependsOn</c>); empty when valid.</summary>
    public static Dictionary<string, List<string>> Validate(string name, SagaDefinition definition)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string error) => (errors.TryGetValue(field, out var list) ? list : errors[field] = []).Add(error);

        if (NameError(name) is { } nameError)
        {
            Add("name", nameError);
        }

        if (definition.Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            Add("timeout", "The saga timeout must be positive.");
        }

        if (definition.Steps is not { Count: > 0 } steps)
        {
            Add("steps", "A saga needs at least one step.");
            return errors;
        }

        if (steps.Count > MaxSteps)
        {
            Add("steps", $"A saga has at most {MaxSteps} steps.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var signals = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var field = $"steps[{i}]";
            if (NameError(step.Name) is { } stepNameError)
            {
                Add($"{field}.name", stepNameError);
            }
            else if (!names.Add(step.Name))
            {
                Add($"{field}.name", $"Duplicate step name '{step.Name}'.");
            }

            ValidateAction(step.Action, $"{field}.action", Add, compensation: false);
            if (step.Action?.Signal is { } signal && NameError(signal) is null && !signals.Add(signal))
            {
                Add($"{field}.action.signal", $"Signal '{signal}' is awaited by another step already.");
            }

            if (step.Compensation is { } compensation)
            {
                ValidateAction(compensation, $"{field}.compensation", Add, compensation: true);
            }

            if (step.Timeout is { } stepTimeout && (stepTimeout <= TimeSpan.Zero || stepTimeout > MaxStepTimeout))
            {
                Add($"{field}.timeout", $"A step timeout is positive and at most {MaxStepTimeout:c}.");
            }

            if (step.Retry is { } retry)
            {
                if (retry.MaxAttempts is < 1 or > MaxAttempts)
                {
                    Add($"{field}.retry.maxAttempts", $"Between 1 and {MaxAttempts}.");
                }

                if (retry.Initial < TimeSpan.Zero)
                {
                    Add($"{field}.retry.initial", "The first wait must not be negative.");
                }

                if (retry.Max < retry.Initial)
                {
                    Add($"{field}.retry.max", "The longest wait must not be shorter than the first.");
                }

                if (!Enum.IsDefined(retry.Backoff))
                {
                    Add($"{field}.retry.backoff", "One of fixed, linear, exponential.");
                }
            }
        }

        for (var i = 0; i < steps.Count; i++)
        {
            foreach (var dependency in steps[i].Dependencies)
            {
                if (!names.Contains(dependency))
                {
                    Add($"steps[{i}].dependsOn", $"Step '{steps[i].Name}' depends on unknown step '{dependency}'.");
                }
                else if (dependency == steps[i].Name)
                {
                    Add($"steps[{i}].dependsOn", $"Step '{steps[i].Name}' depends on itself.");
                }
            }
        }

        if (!errors.Keys.Any(k => k.EndsWith(".dependsOn", StringComparison.Ordinal) || k.EndsWith(".name", StringComparison.Ordinal))
            && FindCycle(steps) is { } cycle)
        {
            Add("steps", $"The dependencies form a cycle: {string.Join(" -> ", cycle)}.");
        }

        return errors;
    }

    /// <summary>A cycle of the dependency graph as a path whose first and last steps are the same, or null.</summary>
    public static IReadOnlyList<string>? FindCycle(IReadOnlyList<SagaStep> steps)
    {
        var byName = steps.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        var path = new List<string>();

        List<string>? Visit(string step)
        {
            state[step] = 1;
            path.Add(step);
            foreach (var dependency in byName[step].Dependencies)
            {
                if (state.GetValueOrDefault(dependency) == 1)
                {
                    return [.. path.Skip(path.IndexOf(dependency)), dependency];
                }

                if (state.GetValueOrDefault(dependency) == 0 && Visit(dependency) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[step] = 2;
            return null;
        }

        foreach (var step in steps)
        {
            if (state.GetValueOrDefault(step.Name) == 0 && Visit(step.Name) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private static void ValidateAction(StepAction? action, string field, Action<string, string> add, bool compensation)
    {
        if (action is null)
        {
            add(field, "An action is required.");
            return;
        }

        var kinds = (action.Call is not null ? 1 : 0) + (action.Topic is not null || action.Type is not null || action.ReplyType is not null ? 1 : 0)
            + (action.Signal is not null ? 1 : 0) + (action.Grain is not null ? 1 : 0);
        if (kinds != 1)
        {
            add(field, "Give exactly one of: service, method and path; url and method; topic, type and replyType; signal; grain.");
            return;
        }

        if (action.Call is { } call)
        {
            foreach (var problem in call.Problems())
            {
                add(field, problem);
            }
        }
        else if (action.Grain is { } grain)
        {
            if (GrainTypeError(grain) is { } grainError)
            {
                add($"{field}.grain", grainError);
            }
        }
        else if (action.Signal is { } signal)
        {
            if (compensation)
            {
                add(field, "A compensation cannot wait for a signal.");
            }
            else if (NameError(signal) is { } signalError)
            {
                add($"{field}.signal", signalError);
            }
        }
        else
        {
            if (NameError(action.Topic) is { } topicError)
            {
                add($"{field}.topic", topicError);
            }

            if (string.IsNullOrWhiteSpace(action.Type))
            {
                add($"{field}.type", "A bus step needs the command's event type.");
            }

            if (!compensation && string.IsNullOrWhiteSpace(action.ReplyType))
            {
                add($"{field}.replyType", "A bus step needs the reply's event type.");
            }
        }

        if (action.Body is { } body)
        {
            foreach (var (target, source) in body)
            {
                if (!IsPointer(target) || !IsPointer(source))
                {
                    add($"{field}.body", $"'{target}': '{source}' is not a mapping between two JSON pointers ('' or starting with '/').");
                }
            }
        }
    }

    private static bool IsPointer(string? pointer) => pointer is not null && (pointer.Length == 0 || pointer[0] == '/');
}
