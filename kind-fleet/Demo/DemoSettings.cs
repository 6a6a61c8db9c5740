using System.Globalization;
using System.Security.Cryptography;
using Kubernaut.KindFleet.SpokeAddons;

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
        // The hub runs on the fleet's clock, but ansible-playbook, TLS and HTTP run on the wall clock: these limits are
        // wall-clock durations scaled into simulated time, so a faster demo never times a playbook out sooner.
        ["Execution:JobTimeout"] = Wall(TimeSpan.FromMinutes(10)),
        ["Execution:AccessReadyTimeout"] = Wall(TimeSpan.FromSeconds(90)),
        ["Execution:AwxUnreachableTimeout"] = Wall(TimeSpan.FromSeconds(60)),
        ["Execution:PollInterval"] = Wall(TimeSpan.FromMilliseconds(500)),
        ["Verification:PrometheusUrl"] = new Uri(Http, "thanos").ToString(),
        ["Identity:Authority"] = Issuer,
        ["Identity:RequireHttpsMetadata"] = "false",
        ["Guardrails:Cooldown"] = "00:00:00",
        ["Identity:Investigation:ClientSecret"] = "kubernaut-investigator-secret",
        ["Identity:Remediation:ClientSecret"] = "kubernaut-remediator-secret",
        ["Investigation:Mode"] = "Deterministic",
        ["Investigation:SpokeMcpUrl"] = InProcessSpokeAddons.McpUrlTemplate(Http),
        ["Thanos:Url"] = new Uri(Http, "thanos/").ToString(),
        ["Demo:Speed"] = Speed.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A wall-clock duration as the simulated duration that lasts as long on the fleet's clock.</summary>
    private string Wall(TimeSpan wall) => TimeSpan.FromTicks((long)(wall.Ticks * Speed)).ToString("c", CultureInfo.InvariantCulture);

    /// <summary>The spokes the demo runs the MCP addon on.</summary>
    public static readonly string[] Spokes = ["prod-us-east", "prod-eu-west", "staging"];

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
