using Kubernaut.Hub.Fleet;

namespace Kubernaut.Hub.Remediation;

/// <summary>One observation of a problem, normalised from whichever interface reported it.</summary>
internal sealed record Signal
{
    public required string Cluster { get; init; }

    /// <summary>The object the signal names (a Pod, a Deployment, …); intake walks it up to its top-level owner.</summary>
    public required ObjectRef Subject { get; init; }

    public required string Name { get; init; }

    public string Severity { get; init; } = "unknown";

    /// <summary><c>alert</c> or <c>natural-language</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Interface it came through: <c>alertmanager</c>, <c>api</c>, <c>mcp</c>, <c>console</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Who reported it (the Alertmanager receiver name, an authenticated user).</summary>
    public required string Actor { get; init; }

    /// <summary><c>firing</c> or <c>resolved</c>.</summary>
    public string State { get; init; } = SignalStates.Firing;

    public DateTimeOffset? FiringTime { get; init; }

    public string? Description { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}

internal static class SignalStates
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";

    public static ReadOnlySpan<byte> FiringUtf8 => "firing"u8;

    public static ReadOnlySpan<byte> ResolvedUtf8 => "resolved"u8;
}
