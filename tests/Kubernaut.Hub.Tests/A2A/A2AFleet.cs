using System.Security.Cryptography;
using Kubernaut.Hub.Tests.Execution;
using Kubernaut.Hub.Tests.Investigation;
using Kubernaut.Hub.Tests.Support;
using Kubernaut.KindFleet.Awx;

namespace Kubernaut.Hub.Tests.A2A;

/// <summary>
/// prod-eu-west (payments) at 60x, the day starting at 07:30 so the drain lands at 07:55 as in the seed, with every
/// stage real: Keycloak tokens, the deterministic investigation through the spoke's MCP addon and Thanos, the
/// catalog, L3 approval, the AWX stand-in running the real playbooks, and verification. The hub keeps one namespace
/// and audit file, so it can be restarted over the same state.
/// </summary>
public sealed class A2AFleet() : InvestigationFleet("prod-eu-west", 60, new TimeSpan(7, 30, 0))
{
    private readonly string _namespace = "kn-a2a-" + Guid.NewGuid().ToString("N")[..6];
    private readonly string _auditPath = Path.Combine(Path.GetTempPath(), $"hub-a2a-audit-{Guid.NewGuid():N}.db");
    private readonly string _awxToken = "awx-a2a." + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
    private readonly string _playbooks = Directory.CreateTempSubdirectory("a2a-playbooks-").FullName;
    private readonly string _workflows = Directory.CreateTempSubdirectory("a2a-workflows-").FullName;
    private HubInstance? _hub;

    public HubInstance A2AHub => _hub!;

    protected override void ConfigureFleet(WebApplicationBuilder builder)
    {
        foreach (var file in Directory.GetFiles(RemediationFleetFixture.RepositoryDirectory("awx-playbooks")))
        {
            File.Copy(file, Path.Combine(file.EndsWith(".workflow.yaml", StringComparison.Ordinal) ? _workflows : _playbooks, Path.GetFileName(file)));
        }

        builder.Services.Configure<AwxOptions>(o =>
        {
            o.ApiToken = _awxToken;
            o.PlaybookDirectory = _playbooks;
            o.MaxConcurrentJobs = 2;
        });
    }

    protected override async Task<HubInstance> StartFirstHubAsync()
    {
        // L3: every execution waits for a person, so the task stops at input-required with the options.
        await FleetObjects.SetTrustAsync(Client("hub"), Cluster, "L3", null, CancellationToken.None);
        return _hub = await StartA2AHubAsync();
    }

    /// <summary>Stops the hub and starts another over the same namespace and audit trail, as after a crash or an upgrade.</summary>
    public async Task<HubInstance> RestartHubAsync()
    {
        await _hub!.DisposeAsync();
        _hub = null;
        return _hub = await StartA2AHubAsync();
    }

    private Task<HubInstance> StartA2AHubAsync() => HubInstance.StartAsync(KubeconfigPath, _auditPath, null, HubArgs(
    [
        "--namespace", _namespace,
        "--Stages:Proposal", "Real", "--Stages:Approval", "Real", "--Stages:Execution", "Real", "--Stages:Verification", "Real",
        "--Workflows:ApplyDirectory", _workflows, "--Workflows:CacheTtl", "00:00:00",
        "--Execution:AwxUrl", FleetAddress.ToString(), "--Execution:AwxAuthentication", "StaticToken", "--Execution:AwxToken", _awxToken,
        "--Execution:ClusterProxyUrl", new Uri(SecureAddress, "cluster-proxy").ToString(),
        "--Execution:TokenValidity", "02:00:00", "--Execution:IdentityTtl", "00:00:00", "--Execution:PollInterval", "00:00:00.300",
        "--Verification:TimeScale", "100", "--Verification:SampleInterval", "00:00:30",
        "--Verification:PrometheusUrl", new Uri(FleetAddress, "thanos").ToString(),
        "--Guardrails:Cooldown", "00:00:00", "--Guardrails:MaxConcurrentExecutions", "10",
        "--A2A:PollInterval", "00:00:00.200", "--A2A:KeepAlive", "00:00:02",
    ]));

    public override async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        await base.DisposeAsync();
        File.Delete(_auditPath);
        Directory.Delete(_playbooks, recursive: true);
        Directory.Delete(_workflows, recursive: true);
    }
}
