namespace OrleansPlatform.Storage.Secrets;

/// <summary>
/// Secrets kept apart from journals, by reference. A reference is derived from its owner and the value's hash, so a
/// stored secret never changes: a new value is a new reference.
/// </summary>
public interface ISecretStore
{
    /// <summary>Stores <paramref name="value"/> for <paramref name="owner"/> and returns its reference (the same for the same value).</summary>
    Task<string> SaveAsync(string owner, string value, CancellationToken cancellationToken);

    /// <summary>The secret behind <paramref name="reference"/>, or null when there is none.</summary>
    Task<string?> ReadAsync(string reference, CancellationToken cancellationToken);
}
