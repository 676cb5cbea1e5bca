using Microsoft.Extensions.Options;

namespace OrleansPlatform.Gateway.Security;

/// <summary>Checks <c>Platform:Auth</c> at start-up. Messages name the setting, never its value.</summary>
internal sealed class ApiSecurityOptionsValidator : IValidateOptions<ApiSecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiSecurityOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            ValidateKey(options.ApiKeys[i], $"{ApiSecurityOptions.Section}:ApiKeys:{i}", errors);
        }

        foreach (var service in options.ApiKeys.Where(k => k.Name is { Length: > 0 }).GroupBy(k => k.Name, StringComparer.Ordinal))
        {
            if (service.Select(k => k.RateLimit).Distinct().Count() > 1)
            {
                errors.Add($"{ApiSecurityOptions.Section}:ApiKeys: the keys named '{service.Key}' share one rate limit, so they must declare the same RateLimit.");
            }
        }

        if (options.Jwt is { SigningKey: { Length: > 0 and < 32 } })
        {
            errors.Add($"{ApiSecurityOptions.Section}:Jwt:SigningKey must have at least 32 characters.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }

    private static void ValidateKey(ApiKeyGrant grant, string path, List<string> errors)
    {
        var (hasKey, hasHash) = (grant.Key.Length > 0, grant.KeyHash.Length > 0);
        if (hasKey == hasHash)
        {
            errors.Add($"{path} needs exactly one of Key and KeyHash.");
        }
        else if (hasKey && grant.Key.Length < 16)
        {
            errors.Add($"{path}:Key must have at least 16 characters.");
        }
        else if (hasHash && (grant.KeyHash.Length != 64 || !grant.KeyHash.All(char.IsAsciiHexDigit)))
        {
            errors.Add($"{path}:KeyHash must be a SHA-256 in hex (64 characters).");
        }

        if (!PlatformRoles.All.Contains(grant.Role))
        {
            errors.Add($"{path}:Role must be admin, writer or reader.");
        }

        if (grant.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > 200))
        {
            errors.Add($"{path}:Name must have 1 to 200 characters.");
        }

        if (grant.RateLimit is { } limit && (limit.PermitsPerSecond < 1 || limit.Burst is < 1))
        {
            errors.Add($"{path}:RateLimit needs PermitsPerSecond of at least 1 (and a Burst of at least 1 when set).");
        }
    }
}
