using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Storage.Secrets;

namespace OrleansPlatform.Grains.Bus;

/// <summary>The result of one delivery attempt.</summary>
public readonly record struct DeliveryResult(bool Succeeded, string? Error)
{
    public static DeliveryResult Ok => new(true, null);

    public static DeliveryResult Failed(string error) => new(false, error);
}

/// <summary>
/// POSTs an event as a CloudEvents 1.0 structured JSON body; any 2xx acknowledges it. With a secret, the body is
/// signed in <c>X-Platform-Signature: sha256=&lt;hex HMAC&gt;</c> so receivers can verify the sender.
/// </summary>
public sealed class WebhookDeliverer(IHttpClientFactory clients, ISecretStore secrets)
{
    public const string ClientName = "platform-webhooks";
    public const string SignatureHeader = "X-Platform-Signature";

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    // A reference names one value forever, so a resolved secret never goes stale.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _secrets = new();

    private async Task<string?> ResolveAsync(string reference)
    {
        if (_secrets.TryGetValue(reference, out var known))
        {
            return known;
        }

        var secret = await secrets.ReadAsync(reference, CancellationToken.None);
        return secret is null ? null : _secrets.GetOrAdd(reference, secret);
    }

    public async Task<DeliveryResult> DeliverAsync(string subscription, DeliverySettings delivery, TopicMessage message, int attempt)
    {
        // The delivery is its own trace, linked to the publish that caused it (which may be long finished). Without
        // clearing the ambient activity, whatever call happened to start this delivery round would become its parent.
        // (This is an async method: the caller's ambient activity is restored when it returns.)
        Activity.Current = null;
        var links = ActivityContext.TryParse(message.TraceParent, null, out var published) ? new[] { new ActivityLink(published) } : null;
        using var activity = BusTelemetry.Source.StartActivity("bus.deliver", ActivityKind.Producer, default(ActivityContext), links: links);
        activity?.SetTag("bus.subscription", subscription);
        activity?.SetTag("bus.topic", message.Topic);
        activity?.SetTag("bus.offset", message.Offset);
        var body = CloudEvent(message, subscription, attempt);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json") { CharSet = "utf-8" };
        // Settings journaled before secrets were kept apart carry the secret itself.
        var secret = delivery.Secret;
        if (delivery.SecretRef is { } reference && (secret = await ResolveAsync(reference)) is null)
        {
            // Never send unsigned what the subscriber expects signed: fail, so it is retried or dead-lettered.
            return DeliveryResult.Failed($"the webhook secret '{reference}' is missing");
        }

        if (secret is { Length: > 0 })
        {
            request.Headers.Add(SignatureHeader, Sign(secret, body));
        }

        using var timeout = new CancellationTokenSource(delivery.Timeout ?? DefaultTimeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode ? DeliveryResult.Ok : DeliveryResult.Failed($"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return DeliveryResult.Failed($"timed out after {(delivery.Timeout ?? DefaultTimeout).TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Failed(ex.Message);
        }
    }

    public static string Sign(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static string CloudEvent(TopicMessage m, string subscription, int attempt)
    {
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = m.EventId.ToString(),
            ["source"] = $"/topics/{m.Topic}",
            ["type"] = m.Type,
            ["time"] = m.Timestamp.UtcDateTime.ToString("O"),
            ["datacontenttype"] = "application/json",
            ["topic"] = m.Topic,
            ["partition"] = m.Partition,
            ["offset"] = m.Offset,
            ["position"] = m.Position,
            ["subscription"] = subscription,
            ["deliveryattempt"] = attempt,
            ["data"] = JsonNode.Parse(m.Data),
        };
        if (m.Key is not null)
        {
            // CloudEvents attributes are never null: absent when the event has no key.
            cloudEvent["subject"] = m.Key;
            cloudEvent["partitionkey"] = m.Key;
        }

        if (m.TraceParent is not null)
        {
            cloudEvent["traceparent"] = m.TraceParent;
        }

        if (m.CorrelationId is not null)
        {
            cloudEvent["correlationid"] = m.CorrelationId;
        }

        if (m.Headers is { Count: > 0 } headers)
        {
            // Extension attributes must be scalars (strict CloudEvents parsers reject an object), and header names need
            // not be valid attribute names: the headers travel as one JSON-encoded string.
            cloudEvent["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))).ToJsonString();
        }

        return cloudEvent.ToJsonString();
    }
}
