namespace Kubernaut.Hub.A2A;

/// <summary>The A2A front (section <c>A2A</c>).</summary>
internal sealed class A2AOptions
{
    public const string Section = "A2A";

    /// <summary>Where the JSON-RPC endpoint is served, relative to the hub's root.</summary>
    public string Path { get; set; } = "/a2a";

    /// <summary>
    /// The endpoint URL the agent card advertises when the hub sits behind a proxy or ingress; without it the card
    /// names the URL the card itself was fetched from.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    public string AgentName { get; set; } = "kubernaut";

    public string AgentVersion { get; set; } = "1.5.0";

    /// <summary>How often a stream looks for audit entries written by other replicas.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a blocking <c>message/send</c> waits for the task to need input or finish before answering with where it is.</summary>
    public TimeSpan BlockingTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
