namespace OrleansPlatform.Grains.EventLog;

/// <summary>
/// Names a journal event type in storage. The name, never the CLR type name, is the event's identity, so classes can
/// be renamed or moved without touching stored journals; a changed shape gets a new versioned name (<c>X.v2</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    /// <summary>The stable, versioned name, such as <c>SubscriptionCompleted.v1</c>.</summary>
    public string Name { get; } = name;
}
