using System.Globalization;
using System.Text.Json;
using OrleansPlatform.Contracts.Calls;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;

namespace OrleansPlatform.Gateway.Sagas;

/// <summary>Body of <c>PUT /api/v1/saga-definitions/{name}</c>; durations are <c>[d.]hh:mm:ss[.fff]</c> strings.</summary>
public sealed record SagaDefinitionBody(IReadOnlyList<SagaStepBody>? Steps, string? Timeout, string? Compensation);

public sealed record SagaStepBody(string? Name, StepActionBody? Action, StepActionBody? Compensation, string? Timeout, RetryBody? Retry, IReadOnlyList<string>? DependsOn);

/// <summary>One of: service + method + path; url + method; topic + type + replyType; signal; grain. <c>body</c> maps JSON pointers.</summary>
public sealed record StepActionBody(
    string? Service, string? Method, string? Path, string? Url, string? Topic, string? Type, string? ReplyType, string? Signal,
    Dictionary<string, string>? Body, string? Grain = null);

public sealed record RetryBody(int? MaxAttempts, string? Backoff, string? Initial, string? Max);

public sealed record SagaDefinitionResponse(string Name, int Version, DateTimeOffset CreatedAt, IReadOnlyList<SagaStepBody> Steps, string? Timeout, string Compensation)
{
    public static SagaDefinitionResponse From(SagaDefinitionInfo info) => new(
        info.Name, info.Version, info.CreatedAt,
        info.Definition.Steps.Select(s => new SagaStepBody(
            s.Name, ActionDto(s.Action), s.Compensation is null ? null : ActionDto(s.Compensation), s.Timeout is { } t ? t.ToString("c", CultureInfo.InvariantCulture) : null,
            s.Retry is { } r ? new RetryBody(r.MaxAttempts, Camel(r.Backoff), r.Initial.ToString("c", CultureInfo.InvariantCulture), r.Max.ToString("c", CultureInfo.InvariantCulture)) : null,
            s.DependsOn)).ToList(),
        info.Definition.Timeout is { } timeout ? timeout.ToString("c", CultureInfo.InvariantCulture) : null,
        Camel(info.Definition.Compensation));

    internal static string Camel<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static StepActionBody ActionDto(StepAction a) => new(
        a.Call?.Service, a.Call?.Method, a.Call?.Path, a.Call?.Url, a.Topic, a.Type, a.ReplyType, a.Signal,
        a.Body is null ? null : new Dictionary<string, string>(a.Body), a.Grain);
}

/// <summary>Turns the HTTP body into a definition, naming each field that cannot be read (the grain checks the rest).</summary>
internal static class SagaDefinitionMapper
{
    public static SagaDefinition ToDefinition(SagaDefinitionBody? body)
    {
        if (body is null)
        {
            throw new PlatformValidationException("body", "A JSON body with steps is required.");
        }

        var errors = new Dictionary<string, string[]>();
        var steps = (body.Steps ?? []).Select((s, i) => ToStep(s, $"steps[{i}]", errors)).ToList();
        var timeout = Duration(body.Timeout, "timeout", errors);
        var compensation = CompensationMode.Sequential;
        if (body.Compensation is { } mode && !Enum.TryParse(mode, ignoreCase: true, out compensation))
        {
            errors["compensation"] = [$"'{mode}' is not sequential or parallel."];
        }

        return errors.Count > 0 ? throw new PlatformValidationException(errors) : new SagaDefinition(steps, timeout, compensation);
    }

    private static SagaStep ToStep(SagaStepBody? step, string field, Dictionary<string, string[]> errors)
    {
        if (step is null)
        {
            errors[field] = ["A step is required."];
            return new SagaStep("", new StepAction());
        }

        RetryPolicy? retry = null;
        if (step.Retry is { } r)
        {
            var backoff = RetryPolicy.Default.Backoff;
            if (r.Backoff is { } kind && (!Enum.TryParse(kind, ignoreCase: true, out backoff) || int.TryParse(kind, CultureInfo.InvariantCulture, out _)))
            {
                errors[$"{field}.retry.backoff"] = [$"'{kind}' is not fixed, linear or exponential."];
            }

            var initial = Duration(r.Initial, $"{field}.retry.initial", errors) ?? RetryPolicy.Default.Initial;
            var max = Duration(r.Max, $"{field}.retry.max", errors) ?? (initial > RetryPolicy.Default.Max ? initial : RetryPolicy.Default.Max);
            retry = new RetryPolicy(r.MaxAttempts ?? RetryPolicy.Default.MaxAttempts, backoff, initial, max);
        }

        return new SagaStep(
            step.Name ?? "",
            ToAction(step.Action)!,
            ToAction(step.Compensation),
            Duration(step.Timeout, $"{field}.timeout", errors),
            retry,
            step.DependsOn);
    }

    private static StepAction? ToAction(StepActionBody? a)
    {
        if (a is null)
        {
            return null;
        }

        var call = a.Service is not null || a.Url is not null || a.Path is not null || (a.Method is not null && a.Topic is null && a.Signal is null && a.Grain is null)
            ? new CallTarget(a.Method ?? "POST", a.Url, a.Service, a.Path)
            : null;
        return new StepAction(call, a.Topic, a.Type, a.ReplyType, a.Signal, a.Body, a.Grain);
    }

    private static TimeSpan? Duration(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[field] = [$"'{text}' is not a duration ([d.]hh:mm:ss[.fff])."];
        return null;
    }
}
