namespace OrleansPlatform.Grains;

/// <summary>Names of the Orleans providers the grains rely on; the silo registers them under these names.</summary>
public static class ProviderNames
{
    /// <summary>Log-consistency provider whose storage is the grain itself (our event log).</summary>
    public const string CustomStorage = "CustomStorage";
}
