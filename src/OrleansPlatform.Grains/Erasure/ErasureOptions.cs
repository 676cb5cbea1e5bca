using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Grains.Erasure;

/// <summary>
/// Crypto-shredding settings, bound from <c>Platform:Erasure</c>. <see cref="MasterKey"/> wraps every subject's data
/// key: keep it in a secret store (environment <c>Platform__Erasure__MasterKey</c>), never in a committed file, and
/// never lose it, since the events it protects cannot be read without it.
/// </summary>
public sealed class ErasureOptions : IValidatableObject
{
    public const string Section = "Platform:Erasure";

    /// <summary>Base64 of 32 random bytes (<c>openssl rand -base64 32</c>). Unset: events naming a subject are refused.</summary>
    public string? MasterKey { get; set; }

    /// <summary>How often each silo looks for subjects erased through another silo, to drop their cached keys.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most subject keys (or erasure marks) each silo holds; beyond it the oldest-added are dropped and re-read when needed.</summary>
    [Range(16, 10_000_000)]
    public int KeyCacheSize { get; set; } = 100_000;

    /// <summary>The master key's bytes, or null when none is configured.</summary>
    public byte[]? MasterKeyBytes() => string.IsNullOrWhiteSpace(MasterKey) ? null : Convert.FromBase64String(MasterKey.Trim());

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(MasterKey))
        {
            yield break;
        }

        var valid = true;
        try
        {
            valid = Convert.FromBase64String(MasterKey.Trim()).Length == 32;
        }
        catch (FormatException)
        {
            valid = false;
        }

        if (!valid)
        {
            // Never echo the value: it is a secret, even when malformed.
            yield return new ValidationResult("Platform:Erasure:MasterKey must be base64 of exactly 32 bytes (such as the output of `openssl rand -base64 32`).", [nameof(MasterKey)]);
        }
    }
}
