namespace Kubernaut.SpokeAddon.Auth;

/// <summary>Why a call was refused: subject and reason only, never the token.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an MCP call (401): {Reason}")]
    public static partial void Unauthenticated(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an MCP call from {Subject} (403): {Reason}")]
    public static partial void Forbidden(ILogger logger, string? subject, string reason);
}
