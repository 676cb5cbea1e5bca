using System.Collections.Frozen;
using System.IO.Hashing;
using System.Reflection;
using System.Text;
using System.Text.Json;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Grains.EventLog;

/// <summary>
/// The platform's own journal events: each CLR type carries a stable name (<see cref="EventTypeAttribute"/>) and is
/// stored as JSON. Event ids are derived from the journal, the version and the content, so a write retried after an
/// unknown outcome carries the same ids and storage recognises it instead of applying it twice.
/// </summary>
public sealed class TypedJournalCodec : IJournalCodec
{
    /// <summary>Every journal event type of the grains assembly.</summary>
    public static readonly TypedJournalCodec Instance = new(typeof(TypedJournalCodec).Assembly.GetTypes());

    private readonly FrozenDictionary<string, Type> _byName;
    private readonly FrozenDictionary<Type, string> _byType;

    /// <summary>Registers the types among <paramref name="types"/> that carry an <see cref="EventTypeAttribute"/>.</summary>
    public TypedJournalCodec(IEnumerable<Type> types)
    {
        var named = types
            .Select(t => (Type: t, Name: t.GetCustomAttribute<EventTypeAttribute>()?.Name))
            .Where(x => x.Name is not null)
            .ToList();
        if (named.GroupBy(x => x.Name).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidOperationException($"Journal event type name '{clash.Key}' is used by {string.Join(" and ", clash.Select(x => x.Type.Name))}.");
        }

        _byName = named.ToFrozenDictionary(x => x.Name!, x => x.Type, StringComparer.Ordinal);
        _byType = named.ToFrozenDictionary(x => x.Type, x => x.Name!);
    }

    /// <summary>The stored name of <paramref name="type"/>.</summary>
    public string NameOf(Type type) =>
        _byType.TryGetValue(type, out var name) ? name : throw new ArgumentException($"{type.Name} has no [EventType] name.", nameof(type));

    public EventData Encode(string journalId, long version, object @event)
    {
        var type = NameOf(@event.GetType());
        var data = JsonSerializer.Serialize(@event, @event.GetType(), JournalJson.Options);
        return new EventData(DeterministicId(journalId, version, type, data), type, data);
    }

    public object Decode(RecordedEvent stored) => Decode(stored.Type, stored.Data);

    /// <summary>Decodes a body stored under a type name (a journal entry or a snapshot).</summary>
    public object Decode(string type, string data) => _byName.TryGetValue(type, out var clrType)
        ? JsonSerializer.Deserialize(data, clrType, JournalJson.Options)!
        : throw new InvalidOperationException($"Journal event type '{type}' is unknown to this silo; is an older build reading a newer journal?");

    private static Guid DeterministicId(string journalId, long version, string type, string data)
    {
        var bytes = Encoding.UTF8.GetBytes($"{journalId}\n{version}\n{type}\n{data}");
        return new Guid(XxHash128.Hash(bytes));
    }
}
