using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using k8s;
using Kubernaut.Hub.Tests.Support;
using Kubernaut.KindFleet.Awx;
using Kubernaut.KindFleet.Fleet;
using Microsoft.Extensions.Logging;

namespace Kubernaut.Hub.Tests.Execution;

/// <summary>
/// The whole remediation loop on loopback: the simulated fleet on a fast clock (seed workloads, scenarios, OCM
/// managed-serviceaccount and cluster-permission controllers, cluster-proxy, the AWX stand-in running the real
/// playbooks with ansible-playbook, Thanos), and hubs configured with the real catalog, selection, approval,
/// execution and verification stages. The investigation is the scripted stand-in, given realistic conclusions.
/// </summary>
public class RemediationFleetFixture : IAsyncLifetime
{
    public const double Speed = 30;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private WebApplication? _app;

    public string ApiToken { get; } = "awx-test." + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    public string PlaybookDirectory { get; } = Directory.CreateTempSubdirectory("hub-awx-playbooks-").FullName;

    public string WorkflowDirectory { get; } = Directory.CreateTempSubdirectory("hub-workflows-").FullName;

    public string KubeconfigPath { get; } = Path.Combine(Path.GetTempPath(), $"hub-remediation-{Guid.NewGuid():N}.kubeconfig");

    public Uri BaseAddress { get; private set; } = null!;

    public Uri Realm => new(BaseAddress, "realms/kubernaut");

    /// <summary>Every call the AWX stand-in received (base path, kind of bearer, status).</summary>
    public AwxRequestLog AwxRequests { get; }

    public RemediationFleetFixture() => AwxRequests = new AwxRequestLog(() => ApiToken);

    public Uri SecureAddress { get; private set; } = null!;

    internal SimulatedFleet Fleet => _app!.Services.GetRequiredService<SimulatedFleet>();

    internal WebApplication App => _app!;

    public static string RepositoryDirectory(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, name)) && File.Exists(Path.Combine(dir.FullName, "Kubernaut.sln")))
            {
                return Path.Combine(dir.FullName, name);
            }
        }

        throw new DirectoryNotFoundException(name);
    }

    public async ValueTask InitializeAsync()
    {
        foreach (var file in Directory.GetFiles(RepositoryDirectory("awx-playbooks")))
        {
            File.Copy(file, Path.Combine(file.EndsWith(".workflow.yaml", StringComparison.Ordinal) ? WorkflowDirectory : PlaybookDirectory, Path.GetFileName(file)));
        }

        await File.WriteAllTextAsync(Path.Combine(PlaybookDirectory, "test-rbac-probe.yml"), TestWorkflows.RbacProbePlaybook);
        await File.WriteAllTextAsync(Path.Combine(WorkflowDirectory, "test-rbac-probe.workflow.yaml"), TestWorkflows.RbacProbeWorkflow);
        await File.WriteAllTextAsync(Path.Combine(PlaybookDirectory, "test-slow.yml"), TestWorkflows.SlowPlaybook);
        await File.WriteAllTextAsync(Path.Combine(WorkflowDirectory, "test-slow.workflow.yaml"), TestWorkflows.SlowWorkflow);

        _app = FleetHost.Build(new FleetHostOptions { Port = 0, Time = SimulationClock.Create(Speed), ClusterNames = [SimulatedFleet.HubName, "prod-us-east", "prod-eu-west"] },
            builder =>
            {
                builder.Services.Configure<AwxOptions>(o =>
                {
                    o.ApiToken = ApiToken;
                    o.PlaybookDirectory = PlaybookDirectory;
                    o.MaxConcurrentJobs = 4;
                });
                builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(AwxRequests);
            });
        await _app.StartAsync();
        BaseAddress = FleetHost.BaseAddress(_app);
        SecureAddress = FleetHost.SecureAddress(_app);
        var ca = _app.Services.GetRequiredService<FleetCertificate>().AuthorityPem;
        Kubeconfig.Write(KubeconfigPath, Kubeconfig.Render(SecureAddress, ca, Fleet.Clusters.Select(c => c.Name), Fleet.AdminToken));
        await FleetObjects.EnsureManagedClustersAsync(Client("hub"), ["prod-us-east", "prod-eu-west"], CancellationToken.None);
        foreach (var cluster in new[] { "prod-us-east", "prod-eu-west" })
        {
            await FleetObjects.SetTrustAsync(Client("hub"), cluster, "L3", null, CancellationToken.None);
        }
    }

    public IKubernetes Client(string context) => new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, context));

    /// <summary>The hub arguments that switch on the real remediation stages against this fleet.</summary>
    public string[] HubArgs(params string[] extra) =>
    [
        "--Signals:Alertmanager:BearerToken", HubFixture.ReceiverToken,
        "--Stages:Proposal", "Real", "--Stages:Approval", "Real", "--Stages:Execution", "Real", "--Stages:Verification", "Real",
        "--Workflows:ApplyDirectory", WorkflowDirectory, "--Workflows:CacheTtl", "00:00:00",
        "--Execution:AwxUrl", BaseAddress.ToString(), "--Execution:AwxAuthentication", "StaticToken", "--Execution:AwxToken", ApiToken,
        "--Execution:ClusterProxyUrl", new Uri(SecureAddress, "cluster-proxy").ToString(),
        "--Execution:TokenValidity", "02:00:00", "--Execution:IdentityTtl", "00:00:00", "--Execution:PollInterval", "00:00:00.300",
        "--Verification:TimeScale", "100", "--Verification:SampleInterval", "00:00:30",
        "--Verification:PrometheusUrl", new Uri(BaseAddress, "thanos").ToString(),
        "--Guardrails:Cooldown", "00:00:00", "--Guardrails:MaxConcurrentExecutions", "10", "--Guardrails:BackoffBase", "00:00:00.001", "--Guardrails:MaxConsecutiveFailures", "100",
        .. ScriptedInvestigations.Args,
        .. extra,
    ];

    /// <summary>Starts a hub whose every log line is captured in <paramref name="logs"/>.</summary>
    public async Task<HubInstance> StartHubAsync(CapturedLogs logs, string? auditPath = null, params string[] extra)
    {
        var hub = await HubInstance.StartAsync(KubeconfigPath, auditPath, b =>
        {
            b.Logging.ClearProviders();
            b.Logging.AddProvider(logs);
            b.Logging.SetMinimumLevel(LogLevel.Debug);
        }, HubArgs(extra));
        hub.Http.DefaultRequestHeaders.Authorization = new("Bearer", HubFixture.ReceiverToken);
        return hub;
    }

    public async Task<string> StartScenarioAsync(string name, string cluster)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(BaseAddress, "sim/v1/scenarios"), new { name, cluster }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<string> ScenarioStateAsync(string id) =>
        JsonDocument.Parse(await _http.GetStringAsync(new Uri(BaseAddress, $"sim/v1/scenarios/{id}"), TestContext.Current.CancellationToken))
            .RootElement.GetProperty("state").GetString()!;

    public async Task WaitScenarioAsync(string id, string state, int seconds = 60)
    {
        var last = "";
        await Eventually.TrueAsync(async () => (last = await ScenarioStateAsync(id)) == state, () => $"scenario {id} never {state} (last {last})", TimeSpan.FromSeconds(seconds));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        File.Delete(KubeconfigPath);
        Directory.Delete(PlaybookDirectory, recursive: true);
        Directory.Delete(WorkflowDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
