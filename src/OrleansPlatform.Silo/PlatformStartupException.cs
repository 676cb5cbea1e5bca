namespace OrleansPlatform.Silo;

/// <summary>
/// Start-up cannot go on for a reason the operator can fix; the message names the setting and the remedy in one
/// line, so the Host prints it instead of a stack trace.
/// </summary>
public sealed class PlatformStartupException(string message, Exception? innerException = null) : Exception(message, innerException);
