using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansPlatform.Contracts.EventStore;

namespace OrleansPlatform.Bench.Targets;

/// <summary>Appends through <c>POST /api/v1/streams/{id}/events</c>, as a non-.NET service would.</summary>
internal sealed class HttpAppendTarget : IAppendTarget
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;

    public HttpAppendTarget(Uri baseUrl, int writers)
    {
        // One keep-alive connection per writer: writers never queue behind each other for a socket, and no request
        // pays for a TCP handshake once warmed up.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = writers,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task AppendAsync(string streamId, IReadOnlyList<EventData> events, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(Body(events));
        content.Headers.ContentType = Json;
        using var response = await _http.PostAsync($"api/v1/streams/{Uri.EscapeDataString(streamId)}/events", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            // 200 would be an idempotent replay (nothing written), anything else a failure: neither may count.
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Append to '{streamId}' returned {(int)response.StatusCode}: {Truncate(detail)}", null, response.StatusCode);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private static byte[] Body(IReadOnlyList<EventData> events)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("expectedVersion", "any");
            writer.WriteStartArray("events");
            foreach (var e in events)
            {
                writer.WriteStartObject();
                writer.WriteString("eventId", e.EventId);
                writer.WriteString("type", e.Type);
                writer.WritePropertyName("data");
                writer.WriteRawValue(e.Data, skipInputValidation: true);
                if (e.Metadata is not null)
                {
                    writer.WritePropertyName("metadata");
                    writer.WriteRawValue(e.Metadata, skipInputValidation: true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "...";
}
