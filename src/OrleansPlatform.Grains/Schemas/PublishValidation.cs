using OrleansPlatform.Contracts.Bus;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>Validates published events of registered types against their latest schema, like appends to the event store.</summary>
internal static class PublishValidation
{
    /// <summary>Throws one 400 with every error keyed by JSON pointer (<c>/events/{i}/data/...</c>).</summary>
    public static void Validate(SchemaCatalog catalog, IReadOnlyList<OutgoingMessage> messages)
    {
        if (catalog.IsEmpty)
        {
            return;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            catalog.Validate(messages[i].Type, messages[i].Data, null, $"/events/{i}", errors);
        }

        SchemaCatalog.ThrowIfAny(errors);
    }
}
