using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Operations;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Operations;

/// <summary>
/// <c>GET /api/v1/streams</c>, <c>/topics</c> and <c>/subscriptions</c>: what exists, by id prefix, in pages, for
/// operators' browsers (the admin UI) and scripts.
/// </summary>
public static class CatalogEndpoints
{
    public const int MaxLimit = 1_000;

    public static RouteGroupBuilder MapCatalogEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/streams", ListStreamsAsync).WithName("ListStreams").WithTags("Event store").RequireAuthorization(SecurityExtensions.ReadPolicy);
        api.MapGet("/topics", ListTopicsAsync).WithName("ListTopics").WithTags("Event bus").RequireAuthorization(SecurityExtensions.ReadPolicy);
        api.MapGet("/subscriptions", ListSubscriptionsAsync).WithName("ListSubscriptions").WithTags("Event bus").RequireAuthorization(SecurityExtensions.ReadPolicy);
        return api;
    }

    /// <summary>User stream ids starting with <paramref name="prefix"/>, in ordinal order; page with <c>next</c> as <c>after</c>.</summary>
    public static async Task<Ok<NamePage>> ListStreamsAsync(IGrainFactory grains, string? prefix = null, string? after = null, int limit = 100)
    {
        if (prefix is ['$', ..])
        {
            throw new PlatformValidationException("prefix", "System streams ($...) are not listed.");
        }

        return TypedResults.Ok(NamePage.Of(await Catalog(grains).ListStreamsAsync(prefix ?? "", after, Checked(limit)), limit));
    }

    public static async Task<Ok<NamePage>> ListTopicsAsync(IGrainFactory grains, string? after = null, int limit = 100) =>
        TypedResults.Ok(NamePage.Of(await Catalog(grains).ListTopicsAsync(after, Checked(limit)), limit));

    public static async Task<Ok<NamePage>> ListSubscriptionsAsync(IGrainFactory grains, string? after = null, int limit = 100) =>
        TypedResults.Ok(NamePage.Of(await Catalog(grains).ListSubscriptionsAsync(after, Checked(limit)), limit));

    private static ICatalogGrain Catalog(IGrainFactory grains) => grains.GetGrain<ICatalogGrain>(0);

    private static int Checked(int limit) => limit is >= 1 and <= MaxLimit
        ? limit
        : throw new PlatformValidationException("limit", $"Must be between 1 and {MaxLimit}.");
}

/// <summary>A page of names or ids; <c>next</c> (the last one) goes in <c>after</c> for the next page, null on the last page.</summary>
public sealed record NamePage(IReadOnlyList<string> Items, string? Next)
{
    public static NamePage Of(IReadOnlyList<string> items, int limit) => new(items, items.Count == limit ? items[^1] : null);
}
