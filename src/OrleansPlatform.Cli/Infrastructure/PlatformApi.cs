using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Cli;

/// <summary>The raw body of a successful answer, and the same body parsed (null when empty).</summary>
internal sealed record ApiResponse(int Status, string Raw, JsonNode? Body);

/// <summary>Typed HTTP client of the platform's public API: one request, one answer or one <see cref="PlatformApiException"/>.</summary>
internal sealed class PlatformApi(HttpClient http)
{
    public Task<ApiResponse> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<ApiResponse> PostAsync(string path, JsonNode? body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, body, ct);

    public Task<ApiResponse> PutAsync(string path, JsonNode? body, CancellationToken ct) => SendAsync(HttpMethod.Put, path, body, ct);

    public Task<ApiResponse> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, ct);
        var raw = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem(response, raw);
        }

        return new ApiResponse((int)response.StatusCode, raw, string.IsNullOrWhiteSpace(raw) ? null : JsonNode.Parse(raw));
    }

    /// <summary>Reads a server-sent event stream and yields each event's data; ends when the server closes it or <paramref name="ct"/> fires.</summary>
    public async IAsyncEnumerable<string> StreamAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw Problem(response, await response.Content.ReadAsStringAsync(ct));
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return data.ToString();
                    data.Clear();
                }
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(line.AsSpan(5).TrimStart(' '));
            }
        }
    }

    private static PlatformApiException Problem(HttpResponseMessage response, string raw)
    {
        var status = (int)response.StatusCode;
        string title = response.ReasonPhrase ?? $"HTTP {status}";
        string? detail = null;
        try
        {
            if (JsonNode.Parse(raw) is JsonObject problem)
            {
                title = problem["title"]?.GetValue<string>() ?? title;
                detail = problem["detail"]?.GetValue<string>();
                if (Errors(problem["errors"]) is { } errors)
                {
                    // A validation problem's fields are the useful part of the one error line.
                    detail = detail is null ? errors : $"{detail} ({errors})";
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Not ProblemDetails (a proxy's HTML page, an empty body): the status line is all there is to report.
        }

        return new PlatformApiException(status, title, detail);
    }

    /// <summary>ProblemDetails <c>errors</c> (<c>{"field":["message"]}</c>) as <c>field: message; ...</c>, or null when there are none.</summary>
    private static string? Errors(JsonNode? errors) =>
        errors is JsonObject { Count: > 0 } fields
            ? string.Join("; ", fields.Select(f => $"{f.Key}: {(f.Value is JsonArray messages ? string.Join(" ", messages.Select(m => m?.ToString())) : f.Value?.ToString())}"))
            : null;
}
