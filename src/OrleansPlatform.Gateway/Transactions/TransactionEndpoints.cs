using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Transactions;
using OrleansPlatform.Gateway.Bus;
using OrleansPlatform.Gateway.Security;

namespace OrleansPlatform.Gateway.Transactions;

/// <summary><c>/api/v1/transactions</c>: start two-phase-commit transactions, follow them, statistics.</summary>
public static class TransactionEndpoints
{
    private static readonly TimeSpan WaitPerCall = TimeSpan.FromSeconds(20);

    public static RouteGroupBuilder MapTransactionEndpoints(this RouteGroupBuilder api)
    {
        var transactions = api.MapGroup("/transactions").WithTags("Transactions");
        transactions.MapPost("/", StartAsync).WithName("StartTransaction").RequireAuthorization(SecurityExtensions.WritePolicy);
        transactions.MapGet("/", ListAsync).WithName("ListTransactions").RequireAuthorization(SecurityExtensions.ReadPolicy)
            .WithSummary("Lists transactions, newest first.")
            .WithDescription("Filters: status (comma-separated), from and to (creation time, RFC 3339), limit (1-1000, default 100); pass nextCursor as cursor for the next page.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        transactions.MapGet("/statistics", StatisticsAsync).WithName("TransactionStatistics").RequireAuthorization(SecurityExtensions.ReadPolicy);
        transactions.MapGet("/{transactionId}", GetAsync).WithName("GetTransaction").RequireAuthorization(SecurityExtensions.ReadPolicy);
        return transactions;
    }

    /// <summary>202 for a new transaction; 200 with the existing one for a repeat of the same request.</summary>
    public static async Task<Results<Accepted<TransactionStartResponse>, Ok<TransactionStartResponse>>> StartAsync(StartTransactionBody? body, IGrainFactory grains)
    {
        var request = (body ?? throw new PlatformValidationException("body", "A JSON body with participants is required.")).ToRequest();
        TransactionRules.EnsureValid(request);
        var start = await grains.GetGrain<ITransactionCoordinatorGrain>(request.TransactionId).StartAsync(request);
        var response = new TransactionStartResponse(start.Transaction.TransactionId, TransactionResponse.Name(start.Transaction.Status));
        var location = $"/api/v1/transactions/{start.Transaction.TransactionId}";
        return start.Created ? TypedResults.Accepted(location, response) : TypedResults.Ok(response);
    }

    /// <summary>The transaction; with <c>wait</c> (such as <c>5s</c>, at most 30 s) it answers once it is finished or the wait is over.</summary>
    public static async Task<Ok<TransactionResponse>> GetAsync(string transactionId, IGrainFactory grains, TimeProvider time, string? wait = null)
    {
        if (TransactionRules.IdError(transactionId, "transaction id") is { } error)
        {
            throw new PlatformValidationException("transactionId", error);
        }

        var deadline = time.GetUtcNow() + SubscriptionEndpoints.ParseWait(wait);
        var coordinator = grains.GetGrain<ITransactionCoordinatorGrain>(transactionId);
        var info = await coordinator.GetAsync() ?? throw new ResourceNotFoundException("transaction", transactionId);
        while (!info.IsFinished && deadline - time.GetUtcNow() is { Ticks: > 0 } left)
        {
            // Each wait stays well below the cluster's response timeout.
            info = await coordinator.WaitAsync(left < WaitPerCall ? left : WaitPerCall) ?? info;
        }

        return TypedResults.Ok(TransactionResponse.From(info));
    }

    /// <summary>Counts, rates and duration percentiles of the transactions created in [from, to) (each optional).</summary>
    public static async Task<Ok<TransactionStatisticsResponse>> StatisticsAsync(IGrainFactory grains, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        TypedResults.Ok(TransactionStatisticsResponse.From(await grains.GetGrain<ITransactionStatisticsGrain>(0).GetAsync(from, to)));

    public static async Task<Ok<TransactionListResponse>> ListAsync(
        IGrainFactory grains, string? status = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int limit = 100, string? cursor = null)
    {
        var statuses = new List<TransactionStatus>();
        foreach (var s in (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            statuses.Add(Enum.TryParse<TransactionStatus>(s, ignoreCase: true, out var parsed) && !int.TryParse(s, out _)
                ? parsed
                : throw new PlatformValidationException("status", $"'{s}' is not a transaction status."));
        }

        var list = await grains.GetGrain<ITransactionStatisticsGrain>(0).ListAsync(new TransactionListQuery(statuses, from, to, limit, cursor));
        return TypedResults.Ok(new TransactionListResponse(list.Transactions.Select(TransactionSummaryResponse.From).ToList(), list.NextCursor));
    }
}
