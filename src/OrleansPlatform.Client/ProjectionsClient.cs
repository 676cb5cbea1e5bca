using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Client;

/// <summary><see cref="IProjections"/> over grain calls.</summary>
internal sealed class ProjectionsClient(IClusterClient cluster) : IProjections
{
    // Below the cluster's 30 s response timeout, so a read-after wait is answered rather than timed out.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(25);

    private IProjectionQueryGrain Queries => cluster.GetGrain<IProjectionQueryGrain>(0);

    private IProjectionHistoryGrain History => cluster.GetGrain<IProjectionHistoryGrain>(0);

    public Task<(ProjectionInfo Info, bool Created)> DefineAsync(string name, ProjectionDefinition definition, CancellationToken cancellationToken = default)
    {
        ProjectionRules.EnsureValid(name, definition);
        return cluster.GetGrain<IProjectionGrain>(name).PutAsync(definition).WaitAsync(cancellationToken);
    }

    public Task<ProjectionStatus?> GetStatusAsync(string name, CancellationToken cancellationToken = default) =>
        Queries.GetStatusAsync(Named(name)).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<ProjectionStatus>> ListAsync(CancellationToken cancellationToken = default) =>
        Queries.ListAsync().WaitAsync(cancellationToken);

    public Task<DocumentPage> QueryAsync(string name, DocumentQuery query, ReadAfter? after = null, CancellationToken cancellationToken = default) =>
        Queries.QueryAsync(Named(name), query, Bounded(after)).WaitAsync(cancellationToken);

    public async Task<ProjectionDocument?> GetDocumentAsync(string name, string id, ReadAfter? after = null, CancellationToken cancellationToken = default) =>
        (await Queries.GetDocumentAsync(Named(name), id, Bounded(after)).WaitAsync(cancellationToken)).Document;

    public Task<ProjectionDocument?> GetDocumentAtAsync(string name, string id, FeedPoint at, CancellationToken cancellationToken = default) =>
        History.GetDocumentAtAsync(Named(name), id, at).WaitAsync(cancellationToken);

    public Task<DocumentDiff> DiffDocumentAsync(string name, string id, FeedPoint from, FeedPoint to, CancellationToken cancellationToken = default) =>
        History.DiffAsync(Named(name), id, from, to).WaitAsync(cancellationToken);

    public Task<DocumentWhatIfResult> WhatIfDocumentAsync(string name, string id, DocumentWhatIfRequest request, CancellationToken cancellationToken = default) =>
        History.WhatIfAsync(Named(name), id, request).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<ParkedProjectionEvent>> ParkedAsync(string name, long fromPosition = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        Queries.ParkedAsync(Named(name), fromPosition, limit).WaitAsync(cancellationToken);

    public Task<ProjectionInfo> RebuildAsync(string name, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IProjectionGrain>(Named(name)).RebuildAsync().WaitAsync(cancellationToken);

    public Task<ProjectionInfo> PauseAsync(string name, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IProjectionGrain>(Named(name)).PauseAsync().WaitAsync(cancellationToken);

    public Task<ProjectionInfo> ResumeAsync(string name, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IProjectionGrain>(Named(name)).ResumeAsync().WaitAsync(cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        cluster.GetGrain<IProjectionGrain>(Named(name)).DeleteAsync().WaitAsync(cancellationToken);

    private static string Named(string name) =>
        ProjectionRules.NameError(name) is { } error ? throw new PlatformValidationException("name", error) : name;

    private static ReadAfter? Bounded(ReadAfter? after) => after is { Wait: var wait } && wait > MaxWait
        ? throw new PlatformValidationException("wait", $"A read-after wait is at most {MaxWait.TotalSeconds:0} s.")
        : after;
}
