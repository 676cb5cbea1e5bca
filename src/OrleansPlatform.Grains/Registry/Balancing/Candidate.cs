namespace OrleansPlatform.Grains.Registry.Balancing;

/// <summary>A healthy instance a strategy may pick.</summary>
internal sealed record Candidate(string InstanceId, int Weight);
