using System.Diagnostics.Metrics;

namespace OrleansPlatform.Grains.Schemas;

/// <summary>Metrics of issue 13's per-event work: schema validation, upcasts on read, sealing and redaction.</summary>
internal static class SchemaTelemetry
{
    public const string Name = "OrleansPlatform.Schemas";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Validated = Meter.CreateCounter<long>("platform.schemas.validated", "{event}", "Events validated against a registered schema, by outcome: valid, invalid.");
    private static readonly Counter<long> Upcast = Meter.CreateCounter<long>("platform.schemas.upcast", "{event}", "Events read upcast to a later schema version than stored.");
    private static readonly Counter<long> Sealed = Meter.CreateCounter<long>("platform.erasure.sealed", "{event}", "Events whose data was encrypted under their subject's key.");
    private static readonly Counter<long> Opened = Meter.CreateCounter<long>("platform.erasure.opened", "{event}", "Sealed events read, by outcome: decrypted, redacted.");

    public static void RecordValidated(bool valid) => Validated.Add(1, new KeyValuePair<string, object?>("outcome", valid ? "valid" : "invalid"));

    public static void RecordUpcast() => Upcast.Add(1);

    public static void RecordSealed() => Sealed.Add(1);

    public static void RecordOpened(bool redacted) => Opened.Add(1, new KeyValuePair<string, object?>("outcome", redacted ? "redacted" : "decrypted"));
}
