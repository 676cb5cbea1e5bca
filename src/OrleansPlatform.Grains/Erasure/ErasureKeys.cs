namespace OrleansPlatform.Grains.Erasure;

/// <summary>What the host needs of the cipher: the master key's check value.</summary>
public static class ErasureKeys
{
    /// <summary>The check value of <paramref name="masterKey"/> (an HMAC of a constant; it reveals nothing of the key).</summary>
    public static string CheckValue(byte[] masterKey) => SubjectCipher.CheckValue(masterKey);
}
