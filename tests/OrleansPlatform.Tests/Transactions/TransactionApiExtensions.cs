using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansPlatform.Tests.Api;
using OrleansPlatform.Tests.Infrastructure;

namespace OrleansPlatform.Tests.Transactions;

/// <summary>Building transaction requests against a <see cref="ParticipantServer"/> and waiting for their outcome.</summary>
internal static class TransactionApiExtensions
{
    public static string NewTransactionId() => "tx-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A participant whose three calls go to <c>/{name}/prepare|commit|abort</c> on <paramref name="server"/>.</summary>
    public static object Participant(ParticipantServer server, string name, object? prepareBody = null) => new
    {
        name,
        prepare = new { method = "POST", url = server.Url($"/{name}/prepare"), body = prepareBody },
        commit = new { method = "POST", url = server.Url($"/{name}/commit") },
        abort = new { method = "POST", url = server.Url($"/{name}/abort") },
    };

    public static Task<HttpResponseMessage> StartTransactionAsync(this HttpClient client, string transactionId, string timeout, params object[] participants) =>
        client.PostAsJsonAsync("/api/v1/transactions", new { transactionId, participants, timeout });

    /// <summary>Polls the transaction until it is committed or aborted.</summary>
    public static Task<JsonObject> FinishedAsync(this HttpClient client, string transactionId, TimeSpan? timeout = null) =>
        Eventually.MatchAsync(
            () => client.GetJsonAsync($"/api/v1/transactions/{transactionId}"),
            t => t["status"].Str() is "committed" or "aborted",
            timeout ?? TimeSpan.FromSeconds(30));

    public static JsonObject Branch(this JsonObject transaction, string name) =>
        transaction["participants"]!.AsArray().Select(p => p!.AsObject()).Single(p => p["branch"].Str() == name);
}
