using System.Security.Cryptography;
using System.Text;

namespace OrleansPlatform.Storage.Secrets;

/// <summary>How a secret's reference is formed: its owner and a hash of the value, never the value itself.</summary>
internal static class SecretReference
{
    public static string For(string owner, string value) =>
        $"{owner}#{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{owner}\n{value}")))[..32]}";
}
