namespace OrleansPlatform.Contracts.Registry.Balancing;

/// <summary>A healthy instance a strategy may pick.</summary>
/// <param name="InstanceId">Its id.</param>
/// <param name="Weight">Its weight.</param>
public sealed record Candidate(string InstanceId, int Weight);
