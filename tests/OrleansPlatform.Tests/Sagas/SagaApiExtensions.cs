using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Sagas;

/// <summary>The saga routes as test steps: each asserts its own success, so a test reads as its scenario.</summary>
internal static class SagaApiExtensions
{
    public static string NewName(string prefix = "saga") => $"{prefix}-{Guid.NewGuid():N}"[..24];

    public static string[] After(params string[] steps) => steps;

    public static object Call(ParticipantServer participant, string path, object? body = null) => body is null
        ? new { url = participant.Url(path), method = "POST" }
        : new { url = participant.Url(path), method = "POST", body };

    public static async Task<string> DefineAsync(this HttpClient client, object definition, string? name = null)
    {
        name ??= NewName("def");
        var response = await client.PutAsJsonAsync($"/api/v1/saga-definitions/{name}", definition);
        Assert.True(response.IsSuccessStatusCode, $"PUT definition -> {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return name;
    }

    public static async Task<string> StartAsync(this HttpClient client, string definition, object? input = null, string? sagaId = null)
    {
        sagaId ??= NewName("s");
        var response = await client.PostAsJsonAsync("/api/v1/sagas", new { definition, sagaId, input = input ?? new { } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return sagaId;
    }

    public static Task<JsonObject> WaitForAsync(this HttpClient client, string sagaId, params string[] statuses) =>
        Eventually.MatchAsync(() => client.GetJsonAsync($"/api/v1/sagas/{sagaId}"), s => statuses.Contains(s["status"].Str()), TimeSpan.FromSeconds(30));

    public static JsonNode Step(this JsonObject saga, string name) => saga["steps"]!.AsArray().First(s => s!["name"].Str() == name)!;

    public static List<string> HistoryTypes(this JsonObject saga, string type) =>
        saga["history"]!.AsArray().Where(h => h!["type"].Str() == type).Select(h => h!["step"]?.GetValue<string>() ?? "").ToList();
}
