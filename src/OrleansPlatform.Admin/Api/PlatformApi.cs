using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OrleansPlatform.Admin.Session;

namespace OrleansPlatform.Admin.Api;

/// <summary>
/// The UI's only way to the platform: HTTP calls to this process's public routes, carrying the signed-in user's
/// credential (API key or JWT), so the API's own authorization decides what the user may see and do.
/// </summary>
public sealed class PlatformApi(IHttpClientFactory clients, ApiAddress address, AdminSession session)
{
    public const string ClientName = "platform-admin";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken);

    public Task<ApiResult<JsonElement>> PostAsync(string path, object? body = null, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Post, path, body, cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Post, path, body, cancellationToken);

    public Task<ApiResult<JsonElement>> SendJsonAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(method, path, body, cancellationToken);

    public Task<ApiResult<JsonElement>> DeleteAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync<JsonElement>(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>Calls <paramref name="path"/> (relative to the API, such as <c>api/v1/status</c>) with <paramref name="credential"/> instead of the session's.</summary>
    public Task<ApiResult<T>> GetAsAsync<T>(string path, string? credential, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, path, null, cancellationToken, credential, useSession: false);

    /// <summary>Server-sent events from <paramref name="path"/>: each <c>data:</c> line's JSON, until cancelled or the stream ends.</summary>
    public async IAsyncEnumerable<JsonElement> StreamAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        using var request = Request(HttpMethod.Get, path, null, session.Credential);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                yield return JsonDocument.Parse(line.AsMemory(5)).RootElement.Clone();
            }
        }
    }

    private async Task<ApiResult<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, CancellationToken cancellationToken, string? credential = null, bool useSession = true)
    {
        using var client = CreateClient();
        using var request = Request(method, path, body, useSession ? session.Credential : credential);
        HttpResponseMessage sent;
        try
        {
            sent = await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return new ApiResult<T>(HttpStatusCode.ServiceUnavailable, default, ex.Message);
        }

        using var response = sent;
        if (!response.IsSuccessStatusCode)
        {
            return new ApiResult<T>(response.StatusCode, default, await ProblemAsync(response, cancellationToken));
        }

        if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
        {
            return new ApiResult<T>(response.StatusCode, default, null);
        }

        var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
        return new ApiResult<T>(response.StatusCode, value, null);
    }

    private HttpClient CreateClient()
    {
        var client = clients.CreateClient(ClientName);
        client.BaseAddress = address.Get() ?? throw new InvalidOperationException(
            $"The admin UI cannot tell this process's API address; set {AdminOptions.Section}:ApiAddress.");
        return client;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, object? body, string? credential)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (credential is { Length: > 0 })
        {
            if (Credentials.IsJwt(credential))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
            }
            else
            {
                request.Headers.Add("X-Api-Key", credential);
            }
        }

        return request;
    }

    private static async Task<string?> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = problem.RootElement;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()
                : root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                detail += " " + string.Join("; ", errors.EnumerateObject().Select(e => $"{e.Name}: {string.Join(", ", e.Value.EnumerateArray().Select(v => v.ToString()))}"));
            }

            return detail;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
