using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Erasure;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Erasure;

/// <summary><c>/api/v1/subjects</c>: crypto-shredding of a data subject's events.</summary>
public static class SubjectEndpoints
{
    // Erasure cannot be undone: administrators only.
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["EraseSubject"] = PlatformRoles.Admin,
    };

    public static RouteGroupBuilder MapSubjectEndpoints(this RouteGroupBuilder api)
    {
        var subjects = api.MapGroup("/subjects").WithTags("Erasure").RequireRoles(Roles);
        subjects.MapDelete("/{subjectId}", EraseAsync).WithName("EraseSubject");
        return subjects;
    }

    public static async Task<Ok<SubjectErasureDto>> EraseAsync(string subjectId, IGrainFactory grains)
    {
        var erasure = await grains.GetGrain<ISubjectGrain>(subjectId).EraseAsync();
        return TypedResults.Ok(new SubjectErasureDto(erasure.SubjectId, erasure.ErasedAt));
    }
}

/// <summary>A subject's erasure: its key is gone, its events read as redacted.</summary>
public sealed record SubjectErasureDto(string SubjectId, DateTimeOffset ErasedAt);
