using OrleansPlatform.Contracts.Projections;

namespace OrleansPlatform.Client;

/// <summary>
/// Projections (read models) as a .NET service uses them: define them, query their documents with read-your-writes,
/// and steer them. Errors are typed exceptions: <see cref="Contracts.Errors.PlatformValidationException"/> (an invalid
/// definition or query, naming the problem), <see cref="Contracts.Errors.ResourceNotFoundException"/> (unknown
/// projection), <see cref="ProjectionNotCaughtUpException"/> (a read-after position not reached within the wait).
/// </summary>
public interface IProjections
{
    /// <summary>
    /// Stores a definition. A new projection folds the feed from its <c>startFrom</c>; a changed definition is built as
    /// a new version beside the serving one, which keeps answering until the new one has caught up.
    /// </summary>
    /// <returns>The projection's versions, and whether this call created it.</returns>
    Task<(ProjectionInfo Info, bool Created)> DefineAsync(string name, ProjectionDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>The projection's status (lag, checkpoint, parked events, building version), or null when it does not exist.</summary>
    Task<ProjectionStatus?> GetStatusAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every projection's status.</summary>
    Task<IReadOnlyList<ProjectionStatus>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of documents. With <paramref name="after"/> (an append's position and a wait), answers only once the
    /// projection has processed that position.
    /// </summary>
    Task<DocumentPage> QueryAsync(string name, DocumentQuery query, ReadAfter? after = null, CancellationToken cancellationToken = default);

    /// <summary>One document, or null when it does not exist; <paramref name="after"/> as for <see cref="QueryAsync"/>.</summary>
    Task<ProjectionDocument?> GetDocumentAsync(string name, string id, ReadAfter? after = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The document as of <paramref name="at"/> (a global position or a time), or null when it did not exist then;
    /// refolded from the feed with the projection's own fold, so it never disagrees with the live document.
    /// </summary>
    Task<ProjectionDocument?> GetDocumentAtAsync(string name, string id, FeedPoint at, CancellationToken cancellationToken = default);

    /// <summary>The document at two points and the RFC 6902 JSON Patch between them; nothing is written.</summary>
    Task<DocumentDiff> DiffDocumentAsync(string name, string id, FeedPoint from, FeedPoint to, CancellationToken cancellationToken = default);

    /// <summary>The document at a point, and as it would be without some of its events and with others on top; nothing is written.</summary>
    Task<DocumentWhatIfResult> WhatIfDocumentAsync(string name, string id, DocumentWhatIfRequest request, CancellationToken cancellationToken = default);

    /// <summary>Poison events parked by the projection, oldest first.</summary>
    Task<IReadOnlyList<ParkedProjectionEvent>> ParkedAsync(string name, long fromPosition = 0, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Builds the definition again beside the serving version (no downtime).</summary>
    Task<ProjectionInfo> RebuildAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stops processing; reads keep answering.</summary>
    Task<ProjectionInfo> PauseAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Resumes a paused or halted projection.</summary>
    Task<ProjectionInfo> ResumeAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes the projection and its documents; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
