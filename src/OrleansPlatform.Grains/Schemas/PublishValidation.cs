using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Publishing;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>Validates published events of registered types against their latest schema, like appends to the event store.</summary>
internal static class PublishValidation
{
    /// <summary>
    /// Throws one 400 with every error keyed by JSON pointer (<c>/events/{i}/data/...</c>). The platform's internal
    /// topics are not checked: they hold copies of stored events, which were checked when they were appended.
    /// </summary>
    public static void Validate(SchemaCatalog catalog, string topic, IReadOnlyList<OutgoingMessage> messages)
    {
        if (catalog.IsEmpty || topic.StartsWith(TopicNames.ReservedPrefix, StringComparison.Ordinal))
        {
            return;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            catalog.Validate(messages[i].Type, messages[i].Data, messages[i].SchemaVersion, $"/events/{i}", errors);
        }

        SchemaCatalog.ThrowIfAny(errors);
    }
}
