using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Integrity;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Integrity;

/// <summary><c>/api/v1/streams/{streamId}/verify</c>: re-check a stream's checksum chain (issue 13).</summary>
public static class IntegrityEndpoints
{
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["VerifyStream"] = PlatformRoles.Reader,
    };

    public static RouteGroupBuilder MapIntegrityEndpoints(this RouteGroupBuilder api)
    {
        var streams = api.MapGroup("/streams").WithTags("Integrity").RequireRoles(Roles);
        streams.MapGet("/{streamId}/verify", VerifyStreamAsync).WithName("VerifyStream");
        return streams;
    }

    public static async Task<Ok<StreamVerificationDto>> VerifyStreamAsync(string streamId, IGrainFactory grains)
    {
        var result = await grains.GetGrain<IIntegrityGrain>(0).VerifyStreamAsync(streamId);
        return TypedResults.Ok(StreamVerificationDto.From(result));
    }
}
