using Microsoft.Extensions.Options;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Storage.Erasure;

namespace OrleansPlatform.Grains.Erasure;

/// <summary>
/// This silo's subject keys: unwrapped once from the database, then held, so sealing an event of a known subject
/// costs no round trip. An erased subject is held as erased (through this silo at once, through others on the
/// <see cref="ErasedSubjectsRefresher"/>'s next poll); it never gets a key again.
/// </summary>
public sealed class SubjectKeyring(ISubjectKeyStore store, IOptions<ErasureOptions> options, TimeProvider time)
{
    private static readonly byte[] Erased = [];

    private readonly byte[]? _masterKey = options.Value.MasterKeyBytes();
    private readonly SubjectKeyCache _keys = new(options.Value.KeyCacheSize);
    private bool _checkValueStored;

    /// <summary>Whether a master key is configured (without one, nothing can be sealed).</summary>
    public bool IsEnabled => _masterKey is not null;

    /// <summary>The subject's key for sealing new events, created on the subject's first event.</summary>
    /// <exception cref="PlatformConflictException">The subject was erased.</exception>
    public async ValueTask<byte[]> KeyForWriteAsync(string subject)
    {
        var master = _masterKey ?? throw new InvalidOperationException("No master key is configured.");
        if (!_keys.TryGet(subject, out var key))
        {
            await EnsureCheckValueAsync(master);
            var (fresh, wrapped) = SubjectCipher.NewKey(master, subject);
            var stored = await store.GetOrAddAsync(subject, wrapped, time.GetUtcNow(), CancellationToken.None);
            key = stored.WrappedKey is null ? Erased : stored.WrappedKey.AsSpan().SequenceEqual(wrapped) ? fresh : Unwrap(master, stored);
            key = _keys.GetOrAdd(subject, key);
        }

        return ReferenceEquals(key, Erased)
            ? throw new PlatformConflictException($"Subject '{subject}' was erased; events naming it can no longer be stored.")
            : key;
    }

    /// <summary>
    /// The read keys of <paramref name="subjects"/> (null for an erased or unknown subject), from the cache or one
    /// round trip for those it does not hold. Returned rather than left in the bounded cache, which may drop them.
    /// </summary>
    public async ValueTask<IReadOnlyDictionary<string, byte[]?>> LoadAsync(IReadOnlyCollection<string> subjects, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var subject in subjects.Distinct(StringComparer.Ordinal))
        {
            if (_keys.TryGet(subject, out var held))
            {
                keys[subject] = ReferenceEquals(held, Erased) ? null : held;
            }
            else
            {
                missing.Add(subject);
            }
        }

        if (missing.Count == 0)
        {
            return keys;
        }

        var stored = (await store.GetAsync(missing, cancellationToken)).ToDictionary(k => k.SubjectId, StringComparer.Ordinal);
        foreach (var subject in missing)
        {
            // A sealed event whose subject has no row at all cannot be opened either: it reads as redacted.
            var key = stored.GetValueOrDefault(subject) is { WrappedKey: not null } found && _masterKey is { } master ? Unwrap(master, found) : Erased;
            key = _keys.GetOrAdd(subject, key);
            keys[subject] = ReferenceEquals(key, Erased) ? null : key;
        }

        return keys;
    }

    /// <summary>Drops the subject's key from this silo for good.</summary>
    public void Forget(string subject)
    {
        _keys.Set(subject, Erased);
        ErasureTelemetry.RecordErased();
    }

    /// <summary>
    /// Before this silo wraps its first key, records the master key's check value (the first silo to encrypt wins) so a
    /// later start with another key is refused; a silo whose key differs from the recorded one wraps nothing.
    /// </summary>
    private async ValueTask EnsureCheckValueAsync(byte[] master)
    {
        if (_checkValueStored)
        {
            return;
        }

        var mine = SubjectCipher.CheckValue(master);
        var stored = await store.SetCheckValueAsync(mine, time.GetUtcNow(), CancellationToken.None);
        if (!string.Equals(stored, mine, StringComparison.Ordinal))
        {
            throw new StorageUnavailableException("this silo's Platform:Erasure:MasterKey differs from the one the cluster encrypts with");
        }

        _checkValueStored = true;
    }

    private static byte[] Unwrap(byte[] master, StoredSubjectKey stored)
    {
        try
        {
            return SubjectCipher.Unwrap(master, stored.SubjectId, stored.WrappedKey!);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            // The start-up check compares the master key's check value, so this means a damaged row, not a wrong key.
            throw new StorageUnavailableException($"The stored key of subject '{stored.SubjectId}' cannot be unwrapped with the configured master key: {ex.Message}");
        }
    }
}
