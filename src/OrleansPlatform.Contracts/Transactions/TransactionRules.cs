using System.Text.Json;
using OrleansPlatform.Contracts.Errors;

namespace OrleansPlatform.Contracts.Transactions;

/// <summary>The validation rules of transactions, shared by the gateway, the client and the coordinator.</summary>
public static class TransactionRules
{
    /// <summary>Longest transaction id or branch name.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Most participants of one transaction.</summary>
    public const int MaxParticipants = 64;

    /// <summary>Longest prepare timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>An error message when <paramref name="id"/> is not a usable transaction id or branch name, otherwise null.</summary>
    public static string? IdError(string? id, string what)
    {
        if (string.IsNullOrEmpty(id))
        {
            return $"A {what} is required.";
        }

        if (id.Length > MaxIdLength)
        {
            return $"A {what} has at most {MaxIdLength} characters.";
        }

        return id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '@' or '-')
            ? null
            : $"A {what} uses only letters, digits and _ . : @ -";
    }

    /// <summary>Throws <see cref="PlatformValidationException"/> naming every problem of <paramref name="request"/>.</summary>
    public static void EnsureValid(TransactionRequest request)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string error)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(error);
        }

        if (IdError(request.TransactionId, "transaction id") is { } idError)
        {
            Add("transactionId", idError);
        }

        if (request.Timeout <= TimeSpan.Zero || request.Timeout > MaxTimeout)
        {
            Add("timeout", $"The timeout is more than zero and at most {MaxTimeout}.");
        }

        if (request.Participants is not { Count: > 0 } participants)
        {
            Add("participants", "At least one participant is required.");
        }
        else if (participants.Count > MaxParticipants)
        {
            Add("participants", $"At most {MaxParticipants} participants.");
        }
        else
        {
            for (var i = 0; i < participants.Count; i++)
            {
                var p = participants[i];
                if (IdError(p.Branch, "participant name") is { } branchError)
                {
                    Add($"participants[{i}].name", branchError);
                }
                else if (participants.Take(i).Any(q => q.Branch == p.Branch))
                {
                    Add($"participants[{i}].name", $"Branch '{p.Branch}' appears twice; names are unique within a transaction.");
                }

                foreach (var (phase, call) in new[] { ("prepare", p.Prepare), ("commit", p.Commit), ("abort", p.Abort) })
                {
                    foreach (var problem in CallProblems(call))
                    {
                        Add($"participants[{i}].{phase}", problem);
                    }
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new PlatformValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
    }

    private static IEnumerable<string> CallProblems(ParticipantCallSpec? call)
    {
        if (call?.Target is null)
        {
            yield return "The call is required.";
            yield break;
        }

        foreach (var problem in call.Target.Problems())
        {
            yield return problem;
        }

        if (call.Data is not null && !IsJsonObject(call.Data))
        {
            yield return "A call's body is a JSON object.";
        }
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
