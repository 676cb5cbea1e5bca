namespace OrleansPlatform.Admin.Session;

/// <summary>Tells the two kinds of credential a user may sign in with apart.</summary>
internal static class Credentials
{
    /// <summary>A JWT is three base64url parts joined by dots, its header starting <c>eyJ</c> (<c>{"</c>); anything else is an API key.</summary>
    public static bool IsJwt(string credential) =>
        credential.StartsWith("eyJ", StringComparison.Ordinal) && credential.Count(c => c == '.') == 2;
}
