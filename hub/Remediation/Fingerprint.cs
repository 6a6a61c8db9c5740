using System.Security.Cryptography;
using System.Text;
using Kubernaut.Hub.Fleet;

namespace Kubernaut.Hub.Remediation;

/// <summary>
/// Identity of an incident's target: sha256 of <c>cluster:namespace:kind:name</c> of the top-level owner. The signal's
/// name is deliberately left out, so different alerts on one Deployment merge into one request (as upstream does).
/// </summary>
internal static class Fingerprint
{
    public static string Of(string cluster, ObjectRef topLevelOwner) =>
        Hex($"{cluster}:{topLevelOwner.Namespace}:{topLevelOwner.Kind}:{topLevelOwner.Name}");

    /// <summary>
    /// <c>rr-&lt;12 hex of fingerprint&gt;-&lt;8 hex&gt;</c>; the 8 hex derive from the fingerprint and the incident's
    /// generation (how many requests the target had before), so every replica computes the same name for the same
    /// open incident and only one create can succeed.
    /// </summary>
    public static string RequestName(string fingerprint, int generation) =>
        $"rr-{fingerprint[..12]}-{Hex($"{fingerprint}/{generation}")[..8]}";

    /// <summary>Label values are limited to 63 characters; 32 hex (128 bits) select, the full value in the spec confirms.</summary>
    public static string LabelValue(string fingerprint) => fingerprint[..32];

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
