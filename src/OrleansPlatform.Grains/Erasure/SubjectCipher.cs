using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansPlatform.Grains.Erasure;

/// <summary>
/// AES-256-GCM (.NET's own) for subjects' data: an event's data becomes a sealed envelope
/// <c>{"$sealed":{"subject":"...","nonce":"...","data":"..."}}</c> that names its subject, so any copy of it (a
/// subscription's internal topic) opens with that subject's key and goes dark when the key is erased. The subject id
/// is bound as associated data, so an envelope cannot be passed off as another subject's.
/// </summary>
internal static class SubjectCipher
{
    public const string EnvelopeMember = "$sealed";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] CheckConstant = "OrleansPlatform erasure master key check v1"u8.ToArray();

    /// <summary>Whether <paramref name="data"/> is a sealed envelope (cheap: the envelope is always written first-member).</summary>
    public static bool IsSealed(string data) => data.StartsWith("{\"" + EnvelopeMember + "\":", StringComparison.Ordinal);

    public static string Seal(string subject, byte[] key, string data)
    {
        var plaintext = Encoding.UTF8.GetBytes(data);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var sealedBytes = new byte[plaintext.Length + TagBytes];
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(0, plaintext.Length), sealedBytes.AsSpan(plaintext.Length), Encoding.UTF8.GetBytes(subject));
        }

        var envelope = new JsonObject
        {
            [EnvelopeMember] = new JsonObject
            {
                ["subject"] = subject,
                ["nonce"] = Convert.ToBase64String(nonce),
                ["data"] = Convert.ToBase64String(sealedBytes),
            },
        };
        return envelope.ToJsonString();
    }

    /// <summary>The subject an envelope names, or null when <paramref name="data"/> is not a well-formed envelope.</summary>
    public static Envelope? Read(string data)
    {
        try
        {
            return JsonNode.Parse(data)?[EnvelopeMember] is JsonObject e
                && e["subject"]?.GetValue<string>() is { } subject
                && e["nonce"]?.GetValue<string>() is { } nonce
                && e["data"]?.GetValue<string>() is { } sealedData
                ? new Envelope(subject, Convert.FromBase64String(nonce), Convert.FromBase64String(sealedData))
                : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The plaintext data, or null when the key does not open the envelope.</summary>
    public static string? Open(Envelope envelope, byte[] key)
    {
        if (envelope.Nonce.Length != NonceBytes || envelope.Sealed.Length < TagBytes)
        {
            return null;
        }

        var length = envelope.Sealed.Length - TagBytes;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(envelope.Nonce, envelope.Sealed.AsSpan(0, length), envelope.Sealed.AsSpan(length), plaintext, Encoding.UTF8.GetBytes(envelope.Subject));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    /// <summary>A new subject data key wrapped by the master key: nonce, ciphertext and tag, bound to the subject.</summary>
    public static (byte[] Key, byte[] Wrapped) NewKey(byte[] masterKey, string subject)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var wrapped = new byte[NonceBytes + key.Length + TagBytes];
        nonce.CopyTo(wrapped, 0);
        using var aes = new AesGcm(masterKey, TagBytes);
        aes.Encrypt(nonce, key, wrapped.AsSpan(NonceBytes, key.Length), wrapped.AsSpan(NonceBytes + key.Length), WrapContext(subject));
        return (key, wrapped);
    }

    /// <summary>Unwraps a stored subject key; throws when the master key is not the one that wrapped it.</summary>
    public static byte[] Unwrap(byte[] masterKey, string subject, byte[] wrapped)
    {
        var key = new byte[wrapped.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(masterKey, TagBytes);
        aes.Decrypt(wrapped.AsSpan(0, NonceBytes), wrapped.AsSpan(NonceBytes, key.Length), wrapped.AsSpan(NonceBytes + key.Length), key, WrapContext(subject));
        return key;
    }

    /// <summary>A check value of the master key (HMAC-SHA256 of a constant, first 16 bytes, hex): it reveals nothing of the key.</summary>
    public static string CheckValue(byte[] masterKey) => Convert.ToHexStringLower(HMACSHA256.HashData(masterKey, CheckConstant).AsSpan(0, 16));

    private static byte[] WrapContext(string subject) => Encoding.UTF8.GetBytes("subject-key:" + subject);

    /// <summary>A parsed envelope.</summary>
    public sealed record Envelope(string Subject, byte[] Nonce, byte[] Sealed);
}
