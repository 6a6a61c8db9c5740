using System.Globalization;
using System.Security.Cryptography;

namespace Kubernaut.KindFleet.Demo;

/// <summary>Everything the demo wires together on one port: where the hub finds the fleet, AWX, Keycloak and Thanos.</summary>
internal sealed record DemoSettings(int Port, string KubeconfigPath, double Speed, string AuditPath)
{
    public string ReceiverToken { get; } = "am." + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public string AwxToken { get; } = "awx." + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    public Uri Http => new($"http://127.0.0.1:{Port}/");

    public Uri Https => new($"https://127.0.0.1:{Port}/");

    public string Issuer => new Uri(Http, "realms/kubernaut").ToString();

    /// <summary>The hub's configuration for the composed host: real stages, the fleet's AWX, issuer, cluster-proxy and Thanos.</summary>
    public Dictionary<string, string?> Hub(string repository) => new Dictionary<string, string?>
    {
        ["Hub:Kubeconfig"] = KubeconfigPath,
        ["Hub:Context"] = "hub",
        ["Hub:MetricsPath"] = "/hub/metrics",
        ["LeaderElection:Enabled"] = "false",
        ["Audit:ConnectionString"] = $"Data Source={AuditPath}",
        ["Lifecycle:PollInterval"] = "00:00:00.500",
        ["Events:PollInterval"] = "00:00:00.500",
        ["Signals:Alertmanager:BearerToken"] = ReceiverToken,
        ["Stages:Proposal"] = "Real",
        ["Stages:Approval"] = "Real",
        ["Stages:Execution"] = "Real",
        ["Stages:Verification"] = "Real",
        ["Workflows:ApplyDirectory"] = Path.Combine(repository, "awx-playbooks"),
        ["Execution:AwxUrl"] = Http.ToString(),
        ["Execution:AwxAuthentication"] = "StaticToken",
        ["Execution:AwxToken"] = AwxToken,
        ["Execution:ClusterProxyUrl"] = new Uri(Https, "cluster-proxy").ToString(),
        // The fleet's clock runs fast: a token valid for 2 simulated hours lives Speed times shorter.
        ["Execution:TokenValidity"] = "02:00:00",
        ["Execution:IdentityTtl"] = "00:00:00",
        ["Verification:PrometheusUrl"] = new Uri(Http, "thanos").ToString(),
        ["Identity:Authority"] = Issuer,
        ["Identity:RequireHttpsMetadata"] = "false",
        ["Guardrails:Cooldown"] = "00:00:00",
        ["Demo:Speed"] = Speed.ToString(CultureInfo.InvariantCulture),
    }.Concat(StandInConclusions).ToDictionary();

    /// <summary>
    /// What the scripted investigation concludes while the investigation stage is missing from the build (the demo then
    /// says so and cannot pass); a real investigation ignores these.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string?>> StandInConclusions =>
    [
        .. Conclusion("checkout-service", ["config-change", "oom-killed", "memory-limit"], new()
        {
            ["namespace"] = "prod", ["deployment"] = "checkout-service", ["configmap"] = "checkout-config", ["previousRevision"] = "42",
            ["container"] = "checkout-service", ["peakMemoryBytes"] = "653262848",
        }),
        .. Conclusion("payment-gateway", ["replicas-lost", "node-drain", "capacity"], new()
        {
            ["namespace"] = "prod", ["statefulset"] = "payment-db", ["desiredReplicas"] = "3",
        }),
    ];

    private static IEnumerable<KeyValuePair<string, string?>> Conclusion(string target, string[] categories, Dictionary<string, string> facts)
    {
        var prefix = $"Stages:Scripted:Targets:{target}:";
        for (var i = 0; i < categories.Length; i++)
        {
            yield return new(prefix + $"Categories:{i}", categories[i]);
        }

        foreach (var (key, value) in facts)
        {
            yield return new(prefix + $"Facts:{key}", value);
        }
    }

    /// <summary>The repository root (holding awx-playbooks/), from the working directory or the binary upward.</summary>
    public static string Repository()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "awx-playbooks")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("awx-playbooks/ not found above the working directory; run the demo from the repository");
    }
}
