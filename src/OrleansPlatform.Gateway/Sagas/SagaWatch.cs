using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Sagas;
using OrleansPlatform.Gateway.Streaming;

namespace OrleansPlatform.Gateway.Sagas;

/// <summary>
/// <c>GET /api/v1/sagas/{id}/watch</c>: Server-Sent Events, one <c>saga</c> event (its <c>id</c> the saga journal's
/// version) now and after every change, ending after the finished state; each wait is a long poll on the saga
/// grain (<see cref="ISagaGrain.WaitForChangeAsync"/>) that the saga's commit answers.
/// </summary>
internal static class SagaWatch
{
    public static async Task StreamAsync(string sagaId, HttpContext context, IGrainFactory grains, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        SagaEndpoints.EnsureSagaId(sagaId);
        var grain = grains.GetGrain<ISagaGrain>(sagaId);
        var first = await grain.GetAsync() ?? throw new ResourceNotFoundException("saga", sagaId);
        var watch = new LongPollSse<SagaView>(
            "saga",
            v => v.JournalVersion,
            async (version, wait) => await grain.WaitForChangeAsync(version, wait) ?? first,
            SagaResponse.From,
            v => v.Status.IsFinished());
        await watch.StreamAsync(context, first, json.Value.SerializerOptions);
    }
}
