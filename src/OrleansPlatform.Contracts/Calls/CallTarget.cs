namespace OrleansPlatform.Contracts.Calls;

/// <summary>
/// An HTTP call the platform makes on a caller's behalf (a saga step, a transaction participant): either to a service
/// by name (resolved through the platform's service discovery) plus a path, or to an absolute URL.
/// </summary>
/// <param name="Method">The HTTP method, such as <c>POST</c>.</param>
/// <param name="Url">An absolute http(s) URL; when set, <paramref name="Service"/> and <paramref name="Path"/> are not.</param>
/// <param name="Service">A service name, resolved to one of its instances at call time.</param>
/// <param name="Path">The path on the service, starting with <c>/</c>.</param>
[GenerateSerializer, Immutable, Alias("op.calls.CallTarget")]
public sealed record CallTarget(
    [property: Id(0)] string Method,
    [property: Id(1)] string? Url = null,
    [property: Id(2)] string? Service = null,
    [property: Id(3)] string? Path = null)
{
    /// <summary>The problems with this target, empty when it is usable (used to validate definitions).</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Method) || !Method.All(char.IsAsciiLetter))
        {
            yield return $"'{Method}' is not an HTTP method.";
        }

        if (Url is not null)
        {
            if (Service is not null || Path is not null)
            {
                yield return "Give either a url, or a service and a path, not both.";
            }

            if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return $"'{Url}' is not an absolute http(s) URL.";
            }
        }
        else if (string.IsNullOrWhiteSpace(Service))
        {
            yield return "A url, or a service and a path, is required.";
        }
        else if (Path is not { Length: > 0 } path || path[0] != '/')
        {
            yield return "A service call needs a path starting with '/'.";
        }
    }

    /// <inheritdoc />
    public override string ToString() => Url is not null ? $"{Method} {Url}" : $"{Method} {Service}{Path}";
}
