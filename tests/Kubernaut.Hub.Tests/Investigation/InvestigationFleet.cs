using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Duende.IdentityModel.Client;
using k8s;
using Kubernaut.Hub.Tests.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Identity;
using Kubernaut.SpokeAddon.Hosting;
using Kubernaut.SpokeAddon.Tests.Support;

namespace Kubernaut.Hub.Tests.Investigation;

/// <summary>
/// The hub and one spoke of the simulated fleet on a fast clock (its workloads, physics, scenarios, Thanos stand-in
/// and Keycloak realm), the spoke's MCP addon reached only through cluster-proxy, and a hub that investigates for
/// real: Keycloak client credentials, spoke MCP, Thanos. REST calls carry a demo-operator token.
/// </summary>
public abstract class InvestigationFleet : IAsyncLifetime
{
    private readonly List<SpokeAddonHost> _addons = [];
    private readonly List<HubInstance> _hubs = [];
    private WebApplication? _fleet;

    protected InvestigationFleet(string cluster, double speed, TimeSpan startOfDay)
    {
        Cluster = cluster;
        // The simulated day starts at a chosen time (the next one to come), so the stories' clock times read
        // naturally and simulated time never lags the wall clock the tokens and the addon's "since" windows run on.
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date + startOfDay, TimeSpan.Zero);
        Clock = new SimulationClock(speed, start > DateTimeOffset.UtcNow ? start : start.AddDays(1));
    }

    public string Cluster { get; }

    internal SimulationClock Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public string KubeconfigPath { get; } = Path.Combine(Path.GetTempPath(), $"investigation-{Guid.NewGuid():N}.kubeconfig");

    public Uri FleetAddress { get; private set; } = null!;

    public Uri Realm => new(FleetAddress, "realms/kubernaut");

    public HubInstance Hub { get; private set; } = null!;

    internal IssuerAvailability Issuer => _fleet!.Services.GetRequiredService<IssuerAvailability>();

    internal SimulatedFleet Fleet => _fleet!.Services.GetRequiredService<SimulatedFleet>();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public const string ReceiverToken = "investigation-receiver-token";

    public async ValueTask InitializeAsync()
    {
        _fleet = FleetHost.Build(new FleetHostOptions { Port = 0, Time = Clock, ClusterNames = [SimulatedFleet.HubName, Cluster] }, ConfigureFleet);
        await _fleet.StartAsync();
        FleetAddress = FleetHost.BaseAddress(_fleet);
        var ca = _fleet.Services.GetRequiredService<FleetCertificate>().AuthorityPem;
        Kubeconfig.Write(KubeconfigPath, Kubeconfig.Render(FleetHost.SecureAddress(_fleet), ca, Fleet.Clusters.Select(c => c.Name), Fleet.AdminToken));
        await FleetObjects.EnsureManagedClustersAsync(Client("hub"), [Cluster], CancellationToken.None);
        await StartAddonAsync();
        if (StartsDefaultHub)
        {
            Hub = await StartFirstHubAsync();
        }
    }

    /// <summary>
    /// Whether <see cref="Hub"/> is started with the fleet (a fleet whose tests start their own hubs saves the cost).
    /// </summary>
    protected virtual bool StartsDefaultHub => true;

    /// <summary>Lets a derived fleet add services to the fleet's host (the AWX stand-in's settings, say).</summary>
    protected virtual void ConfigureFleet(WebApplicationBuilder builder)
    {
    }

    /// <summary>The hub <see cref="Hub"/> names; a derived fleet may start it with more stages or keep it for restarts.</summary>
    protected virtual Task<HubInstance> StartFirstHubAsync() => StartHubAsync();

    /// <summary>The fleet's HTTPS address (the same port; TLS is told apart by its first bytes).</summary>
    public Uri SecureAddress => FleetHost.SecureAddress(_fleet!);

    /// <summary>Hub arguments for a real investigation against this fleet; <paramref name="extra"/> override them.</summary>
    public string[] HubArgs(params string[] extra) =>
    [
        "--Identity:RequireAuthentication", "true", "--Identity:Authority", Realm.AbsoluteUri,
        "--Identity:Investigation:ClientSecret", "kubernaut-investigator-secret", "--Identity:Remediation:ClientSecret", "kubernaut-remediator-secret",
        "--Investigation:Mode", "Deterministic",
        "--Investigation:SpokeMcpUrl", new Uri(FleetAddress, "cluster-proxy/").AbsoluteUri +
            "{cluster}/api/v1/namespaces/open-cluster-management-agent-addon/services/http:kubernaut-spoke-mcp:8080/proxy-service/mcp",
        "--Investigation:RetryBase", "00:00:00.500", "--Investigation:RetryMax", "00:00:04",
        "--Thanos:Url", new Uri(FleetAddress, "thanos/").AbsoluteUri,
        "--Signals:Alertmanager:BearerToken", ReceiverToken,
        .. extra,
    ];

    /// <summary>Another hub against this fleet (its own namespace and audit file), e.g. in LLM mode or with a cold token cache.</summary>
    public async Task<HubInstance> StartHubAsync(params string[] extra)
    {
        var hub = await HubInstance.StartAsync(KubeconfigPath, null, null, HubArgs(["--namespace", "kn-" + Guid.NewGuid().ToString("N")[..6], .. extra]));
        _hubs.Add(hub);
        if (!extra.Contains("false"))
        {
            hub.Http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync("demo-operator"));
        }

        return hub;
    }

    public IKubernetes Client(string context) => new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, context));

    public async Task<string> TokenAsync(string clientId)
    {
        var disco = await Http.GetDiscoveryDocumentAsync(Realm.AbsoluteUri.TrimEnd('/'));
        Assert.False(disco.IsError, disco.Error);
        var token = await Http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = disco.TokenEndpoint,
            ClientId = clientId,
            ClientSecret = clientId + "-secret",
        });
        Assert.False(token.IsError, token.Error);
        return token.AccessToken!;
    }

    public async Task<string> StartScenarioAsync(string name)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(FleetAddress, "sim/v1/scenarios"), new { name, cluster = Cluster });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task WaitScenarioActiveAsync(string id) => await Eventually.TrueAsync(async () =>
        JsonDocument.Parse(await Http.GetStringAsync(new Uri(FleetAddress, $"sim/v1/scenarios/{id}"))).RootElement.GetProperty("state").GetString() == "active",
        $"scenario {id} never became active", TimeSpan.FromSeconds(60));

    /// <summary>Lets simulated time pass (polling, never sleeping a fixed time).</summary>
    public Task PassAsync(TimeSpan simulated)
    {
        var until = Now + simulated;
        return Eventually.TrueAsync(() => Task.FromResult(Now >= until), "simulated time to pass", TimeSpan.FromSeconds(120));
    }

    /// <summary>An instant query on the Thanos stand-in (the test's own view of the truth).</summary>
    public async Task<double?> QueryAsync(string promql)
    {
        var json = JsonDocument.Parse(await Http.GetStringAsync(new Uri(FleetAddress, $"thanos/api/v1/query?query={Uri.EscapeDataString(promql)}"))).RootElement;
        var result = json.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Posts a firing Alertmanager alert on a workload (optionally with its startsAt) and returns the request id.</summary>
    public async Task<string> AlertAsync(HubInstance hub, string alertname, string ns, string kindLabel, string name, DateTimeOffset? startsAt = null)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = alertname, ["cluster"] = Cluster, ["namespace"] = ns, [kindLabel] = name, ["severity"] = "critical" };
        var body = JsonSerializer.Serialize(new
        {
            receiver = "kubernaut-hub",
            status = "firing",
            version = "4",
            groupKey = "{}",
            truncatedAlerts = 0,
            externalURL = "http://alertmanager:9093",
            groupLabels = new Dictionary<string, string> { ["alertname"] = alertname },
            commonLabels = labels,
            commonAnnotations = new Dictionary<string, string>(),
            alerts = new[]
            {
                new
                {
                    status = "firing", labels, annotations = new Dictionary<string, string> { ["summary"] = $"{alertname} on {name}" },
                    startsAt = (startsAt ?? Now).ToString("O", CultureInfo.InvariantCulture), endsAt = "0001-01-01T00:00:00Z",
                    generatorURL = "http://prometheus/graph", fingerprint = Guid.NewGuid().ToString("N")[..16],
                },
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/signals/alertmanager") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", ReceiverToken);
        using var response = await hub.Http.SendAsync(request);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, receipt.ToString());
        return receipt.GetProperty("remediations")[0].GetProperty("id").GetString()!;
    }

    /// <summary>Waits until the request's investigation is in its status, and returns the request.</summary>
    public static async Task<JsonElement> InvestigatedAsync(HubInstance hub, string id, int seconds = 60)
    {
        JsonElement rr = default;
        await Eventually.TrueAsync(async () =>
        {
            rr = await hub.GetRemediationAsync(id);
            return rr.TryGetProperty("investigation", out var i) && i.ValueKind == JsonValueKind.Object;
        }, () => $"{id} was never investigated; last: {rr}", TimeSpan.FromSeconds(seconds));
        return rr.GetProperty("investigation");
    }

    /// <summary>The request's transcript so far, from its SSE stream (history only).</summary>
    public static async Task<List<JsonElement>> TranscriptAsync(HubInstance hub, string id)
    {
        using var stream = await hub.Http.GetStreamAsync($"/api/v1/remediations/{id}/events?follow=false");
        using var reader = new SseReader(stream);
        var events = new List<JsonElement>();
        while (await reader.NextAsync(TestContext.Current.CancellationToken) is { } e)
        {
            if (e.Type == "transcript")
            {
                events.Add(e.Data.GetProperty("data"));
            }
        }

        return events;
    }

    /// <summary>The transcript's sentences (written to the test output, so a failing assertion can be read against them).</summary>
    public static string Narrative(IEnumerable<JsonElement> transcript)
    {
        var text = string.Join("\n", transcript.Where(t => t.GetProperty("type").GetString() is "narration" or "conclusion" or "status" or "context")
            .Select(t => t.GetProperty("text").GetString()));
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        return text;
    }

    /// <summary>
    /// Starts the spoke's addon (installing its RBAC the first time) with a fresh ServiceAccount token and routes the
    /// cluster-proxy service to it. The token lives an hour of fleet time, which a fast clock makes short: fleets whose
    /// tests run long start a fresh addon before each.
    /// </summary>
    protected async Task StartAddonAsync(bool install = true)
    {
        using var admin = Client(Cluster);
        var token = install ? await AddonRbac.InstallAsync(admin, CancellationToken.None) : await AddonRbac.MintTokenAsync(admin, CancellationToken.None);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, Cluster);
        config.AccessToken = token;
        config.TokenProvider = null;
        // Tokens come from the realm on wall-clock time; the addon validates them on the same clock.
        var addon = await SpokeAddonHost.StartAsync(new SpokeAddonOptions { Issuer = Realm }, new Kubernetes(config));
        _addons.Add(addon);
        Fleet.Services.Register(Cluster, AddonRbac.Namespace, AddonRbac.ServiceAccount, addon.BaseAddress);
        Kubernaut.KindFleet.ClusterProxy.ExposedServices.Allow(Fleet, AddonRbac.Namespace, AddonRbac.ServiceAccount, 8080, "http");
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        foreach (var addon in _addons)
        {
            await addon.DisposeAsync();
        }

        if (_fleet is not null)
        {
            await _fleet.StopAsync();
            await _fleet.DisposeAsync();
        }

        Http.Dispose();
        File.Delete(KubeconfigPath);
        GC.SuppressFinalize(this);
    }
}

/// <summary>prod-us-east (checkout, cart, catalog) at 120x, the day starting at 02:40 so the config story can reload at 03:14.</summary>
public sealed class ProdUsEastInvestigation() : InvestigationFleet("prod-us-east", 120, new TimeSpan(2, 40, 0));

/// <summary>prod-eu-west (payments, fraud-check, ledger) at 60x, the day starting at 07:30 so the drain can land at 07:55.</summary>
public sealed class ProdEuWestInvestigation() : InvestigationFleet("prod-eu-west", 60, new TimeSpan(7, 30, 0));

/// <summary>staging at 60x.</summary>
public sealed class StagingInvestigation() : InvestigationFleet("staging", 60, new TimeSpan(14, 0, 0));
