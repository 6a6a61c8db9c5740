namespace Kubernaut.Hub.Sessions;

/// <summary>
/// A turn or join that cannot be served, with a reason a client can show as is. <see cref="Code"/> is
/// <c>not-found</c> (no such request or session), <c>forbidden</c> (the caller may not do this) or <c>invalid</c>.
/// Protocol adapters map it to their own error (an MCP tool error, an A2A JSON-RPC error).
/// </summary>
internal sealed class ConversationException(string code, string message) : Exception(message)
{
    public const string NotFound = "not-found";
    public const string Forbidden = "forbidden";
    public const string Invalid = "invalid";

    public string Code { get; } = code;
}
