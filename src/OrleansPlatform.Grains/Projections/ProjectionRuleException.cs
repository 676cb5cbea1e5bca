namespace OrleansPlatform.Grains.Projections;

/// <summary>A rule cannot apply to an event (a poison event): it is parked or halts the projection.</summary>
public sealed class ProjectionRuleException(string message) : Exception(message);
