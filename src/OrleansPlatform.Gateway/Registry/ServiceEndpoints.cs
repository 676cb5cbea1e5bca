using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Registry;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Registry;

/// <summary><c>/api/v1/services</c>: register instances, heartbeat, resolve, read and watch services, set policies.</summary>
public static class ServiceEndpoints
{
    public const string IndexHeader = "X-Platform-Index";
    public const string StrategyNames = "roundRobin, weighted, leastConnections, random or consistentHash";

    // Below the grain call timeout: a long wait is made of several grain calls.
    private static readonly TimeSpan WaitSlice = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapServiceEndpoints(this RouteGroupBuilder api)
    {
        var services = api.MapGroup("/services").WithTags("Service registry");
        services.MapGet("/", ListAsync).WithName("ListServices").RequireAuthorization(SecurityExtensions.ReadPolicy);
        services.MapGet("/{service}", GetAsync).WithName("GetService").RequireAuthorization(SecurityExtensions.ReadPolicy);
        services.MapGet("/{service}/resolve", ResolveAsync).WithName("ResolveService").RequireAuthorization(SecurityExtensions.ReadPolicy);
        services.MapGet("/{service}/watch", ServiceWatch.StreamAsync).WithName("WatchService").RequireAuthorization(SecurityExtensions.ReadPolicy);
        services.MapPut("/{service}/instances/{instanceId}", RegisterAsync).WithName("RegisterInstance").RequireAuthorization(SecurityExtensions.WritePolicy);
        services.MapPut("/{service}/instances/{instanceId}/heartbeat", HeartbeatAsync).WithName("Heartbeat").RequireAuthorization(SecurityExtensions.WritePolicy);
        services.MapDelete("/{service}/instances/{instanceId}", DeregisterAsync).WithName("DeregisterInstance").RequireAuthorization(SecurityExtensions.WritePolicy);
        services.MapPut("/{service}/policy", PutPolicyAsync).WithName("PutServicePolicy").RequireAuthorization(SecurityExtensions.AdminPolicy);
        return services;
    }

    public static async Task<Ok<ServiceListDto>> ListAsync(IGrainFactory grains)
    {
        var names = await grains.GetGrain<IServiceDirectoryGrain>(0).ListAsync();
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IServiceGrain>(n).GetAsync()));
        return TypedResults.Ok(new ServiceListDto(views
            .Select(v => new ServiceSummaryDto(v.Service, v.Index, v.Instances.Count, v.Instances.Count(i => i.Status == InstanceStatus.Healthy)))
            .ToList()));
    }

    /// <summary>The service now, or (with <c>index</c>) once its index passes <c>index</c> or <c>wait</c> is over.</summary>
    public static async Task<Ok<ServiceDto>> GetAsync(
        string service, HttpContext context, IGrainFactory grains, TimeProvider time, long? index = null, string? wait = null)
    {
        RegistryRules.EnsureNames(service);
        var grain = grains.GetGrain<IServiceGrain>(service);
        ServiceView view;
        if (index is not { } after)
        {
            view = await grain.GetAsync();
            if (view.Index == 0)
            {
                throw new ResourceNotFoundException("service", service);
            }
        }
        else
        {
            var deadline = time.GetUtcNow() + WaitParameter.Parse(wait);
            do
            {
                var left = deadline - time.GetUtcNow();
                view = await grain.WaitForChangeAsync(after, left > WaitSlice ? WaitSlice : left).WaitAsync(context.RequestAborted);
            }
            while (view.Index <= after && time.GetUtcNow() < deadline);
        }

        context.Response.Headers[IndexHeader] = view.Index.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(ServiceDto.From(view));
    }

    public static async Task<Ok<ResolvedInstanceDto>> ResolveAsync(string service, IGrainFactory grains, string? strategy = null, string? key = null)
    {
        RegistryRules.EnsureNames(service);
        BalancingStrategy? parsed = null;
        if (strategy is not null)
        {
            parsed = RegistryRules.ParseStrategy(strategy) ?? throw new PlatformValidationException("strategy", $"Unknown strategy '{strategy}'; use {StrategyNames}.");
        }

        if (parsed == BalancingStrategy.ConsistentHash && string.IsNullOrEmpty(key))
        {
            throw new PlatformValidationException("key", "consistentHash needs a key.");
        }

        return TypedResults.Ok(ResolvedInstanceDto.From(await grains.GetGrain<IServiceGrain>(service).ResolveAsync(parsed, key)));
    }

    public static async Task<Results<Created<ServiceDto>, Ok<ServiceDto>>> RegisterAsync(string service, string instanceId, RegisterInstanceBody? body, IGrainFactory grains)
    {
        RegistryRules.EnsureNames(service, instanceId);
        if (body is null)
        {
            throw new PlatformValidationException("body", "A JSON body with at least an address is required.");
        }

        var grain = grains.GetGrain<IServiceGrain>(service);
        var created = await grain.RegisterAsync(instanceId, body.ToRegistration());
        var response = ServiceDto.From(await grain.GetAsync());
        return created ? TypedResults.Created($"/api/v1/services/{service}", response) : TypedResults.Ok(response);
    }

    public static async Task<NoContent> HeartbeatAsync(string service, string instanceId, IGrainFactory grains)
    {
        RegistryRules.EnsureNames(service, instanceId);
        return await grains.GetGrain<IServiceGrain>(service).HeartbeatAsync(instanceId)
            ? TypedResults.NoContent()
            : throw new ResourceNotFoundException("instance", $"{service}/{instanceId}");
    }

    public static async Task<NoContent> DeregisterAsync(string service, string instanceId, IGrainFactory grains)
    {
        RegistryRules.EnsureNames(service, instanceId);
        await grains.GetGrain<IServiceGrain>(service).DeregisterAsync(instanceId);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<PolicyBody>> PutPolicyAsync(string service, PolicyBody? body, IGrainFactory grains)
    {
        RegistryRules.EnsureNames(service);
        if (body is null)
        {
            throw new PlatformValidationException("body", "A JSON policy document is required.");
        }

        var policy = body.ToPolicy();
        await grains.GetGrain<IServiceGrain>(service).PutPolicyAsync(policy);
        return TypedResults.Ok(PolicyBody.From(policy));
    }
}
