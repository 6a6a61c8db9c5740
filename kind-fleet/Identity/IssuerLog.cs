namespace Kubernaut.KindFleet.Identity;

/// <summary>Structured logs of the dev issuer. Never a secret or a token: client ids and reasons only.</summary>
internal static partial class IssuerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Issued an access token to {ClientId} (realm {Realm}, audiences {Audiences}, lifetime {Lifetime})")]
    public static partial void TokenIssued(ILogger logger, string clientId, string realm, string audiences, TimeSpan lifetime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a token request from client {ClientId}: {Reason}")]
    public static partial void ClientRefused(ILogger logger, string? clientId, string reason);
}
