namespace Kubernaut.KindFleet.ApiServer;

/// <summary>A parsed Kubernetes API path: discovery, or a resource request.</summary>
internal abstract record KubePath
{
    public static KubePath Parse(string path)
    {
        var s = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return s switch
        {
            [] => new Root(),
            ["version"] => new ServerVersion(),
            ["healthz" or "livez" or "readyz", ..] => new Health(),
            ["openapi", .. var rest] => new OpenApi(string.Join('/', rest)),
            ["api"] => new LegacyVersions(),
            ["apis"] => new GroupList(),
            ["apis", var g] => new ApiGroup(g),
            ["api", var v] => new ResourceList("", v),
            ["apis", var g, var v] => new ResourceList(g, v),
            ["api", var v, .. var rest] => ResourcePath("", v, rest),
            ["apis", var g, var v, .. var rest] => ResourcePath(g, v, rest),
            _ => new Unknown(),
        };
    }

    private static KubePath ResourcePath(string group, string version, string[] rest)
    {
        // /namespaces/{ns}/status and /finalize are subresources of the Namespace itself.
        if (rest is ["namespaces", _, _, ..] && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            return ToResource(group, version, rest[1], rest[2..]);
        }

        return ToResource(group, version, null, rest);
    }

    private static KubePath ToResource(string group, string version, string? ns, string[] rest) => rest switch
    {
        [var r] => new Resource(group, version, ns, r, null, ""),
        [var r, var n] => new Resource(group, version, ns, r, n, ""),
        [var r, var n, var sub] => new Resource(group, version, ns, r, n, sub),
        [var r, var n, "proxy", ..] => new Resource(group, version, ns, r, n, "proxy") { ProxyPath = string.Join('/', rest[3..]) },
        _ => new Unknown(),
    };

    public sealed record Root : KubePath;

    public sealed record ServerVersion : KubePath;

    public sealed record Health : KubePath;

    public sealed record OpenApi(string Rest) : KubePath;

    public sealed record LegacyVersions : KubePath;

    public sealed record GroupList : KubePath;

    public sealed record ApiGroup(string Name) : KubePath;

    public sealed record ResourceList(string Group, string Version) : KubePath;

    public sealed record Resource(string Group, string Version, string? Namespace, string Plural, string? Name, string Subresource) : KubePath
    {
        public string ProxyPath { get; init; } = "";
    }

    public sealed record Unknown : KubePath;
}
