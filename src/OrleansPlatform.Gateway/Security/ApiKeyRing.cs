using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansPlatform.Gateway.Security;

/// <summary>
/// The configured API keys as SHA-256 digests, whether given as <c>:Key</c> or <c>:KeyHash</c>: a presented key is
/// hashed once and compared with every digest in constant time, so neither its length nor which key matched shows
/// in the time taken.
/// </summary>
internal sealed class ApiKeyRing(IOptions<ApiSecurityOptions> options)
{
    private readonly ApiKeyEntry[] _entries = options.Value.ApiKeys.Select(Entry).ToArray();

    public ApiKeyEntry? Find(string presented)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        ApiKeyEntry? match = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(entry.Digest, digest))
            {
                match ??= entry;
            }
        }

        return match;
    }

    private static ApiKeyEntry Entry(ApiKeyGrant grant, int index)
    {
        var digest = grant.Key is { Length: > 0 } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : Convert.FromHexString(grant.KeyHash);
        // Keys of one service share its rate limit; an unnamed key is its own partition.
        return new ApiKeyEntry(digest, grant, grant.Name is { Length: > 0 } name ? "name:" + name : "key:" + index);
    }
}

/// <summary>A configured key; set as a request feature once it authenticated the request.</summary>
internal sealed record ApiKeyEntry(byte[] Digest, ApiKeyGrant Grant, string RateLimitPartition);
