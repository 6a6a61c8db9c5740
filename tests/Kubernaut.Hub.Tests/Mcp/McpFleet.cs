using System.Security.Cryptography;
using System.Text.Json;
using Kubernaut.Hub.Tests.Execution;
using Kubernaut.Hub.Tests.Investigation;
using Kubernaut.Hub.Tests.Support;
using Kubernaut.KindFleet.Awx;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Kubernaut.Hub.Tests.Mcp;

/// <summary>
/// prod-us-east of the seed (the investigation fleet: real spoke MCP addon through cluster-proxy, Thanos, the dev
/// Keycloak realm) plus the AWX stand-in running the real playbooks, and hubs with every stage real — investigation,
/// proposal, approval, execution, verification — behind Keycloak. Clients talk to the hub through a real MCP client.
/// </summary>
public sealed class McpFleet() : InvestigationFleet("prod-us-east", 120, new TimeSpan(2, 40, 0))
{
    public string AwxToken { get; } = "awx-mcp." + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    public string PlaybookDirectory { get; } = Directory.CreateTempSubdirectory("mcp-awx-playbooks-").FullName;

    public string WorkflowDirectory { get; } = Directory.CreateTempSubdirectory("mcp-workflows-").FullName;

    protected override bool StartsDefaultHub => false;

    protected override void ConfigureFleet(WebApplicationBuilder builder)
    {
        foreach (var file in Directory.GetFiles(RemediationFleetFixture.RepositoryDirectory("awx-playbooks")))
        {
            File.Copy(file, Path.Combine(file.EndsWith(".workflow.yaml", StringComparison.Ordinal) ? WorkflowDirectory : PlaybookDirectory, Path.GetFileName(file)), true);
        }

        builder.Services.Configure<AwxOptions>(o =>
        {
            o.ApiToken = AwxToken;
            o.PlaybookDirectory = PlaybookDirectory;
            o.MaxConcurrentJobs = 4;
        });
    }

    /// <summary>A hub with every stage real, prod-us-east at L3 (a human decides); <paramref name="extra"/> overrides.</summary>
    public async Task<HubInstance> StartRealHubAsync(params string[] extra)
    {
        await StartAddonAsync(install: false);
        await FleetObjects.SetTrustAsync(Client("hub"), Cluster, "L3", null, TestContext.Current.CancellationToken);
        var secure = new UriBuilder(FleetAddress) { Scheme = "https" }.Uri;
        return await StartHubAsync(
        [
            "--Stages:Proposal", "Real", "--Stages:Approval", "Real", "--Stages:Execution", "Real", "--Stages:Verification", "Real",
            "--Workflows:ApplyDirectory", WorkflowDirectory, "--Workflows:CacheTtl", "00:00:00",
            "--Execution:AwxUrl", FleetAddress.ToString(), "--Execution:AwxAuthentication", "StaticToken", "--Execution:AwxToken", AwxToken,
            "--Execution:ClusterProxyUrl", new Uri(secure, "cluster-proxy").ToString(),
            "--Execution:TokenValidity", "02:00:00", "--Execution:IdentityTtl", "00:00:00", "--Execution:PollInterval", "00:00:00.300",
            "--Verification:TimeScale", "100", "--Verification:SampleInterval", "00:00:30",
            "--Verification:PrometheusUrl", new Uri(FleetAddress, "thanos").ToString(),
            "--Guardrails:Cooldown", "00:00:00", "--Guardrails:MaxConcurrentExecutions", "10",
            .. extra,
        ]);
    }

    /// <summary>
    /// A real hub the test owns (and disposes, e.g. to restart it) in the given hub namespace, with the demo-operator's
    /// token on its REST client.
    /// </summary>
    public async Task<HubInstance> StartOwnedHubAsync(string hubNamespace, params string[] extra)
    {
        await StartAddonAsync(install: false);
        await FleetObjects.SetTrustAsync(Client("hub"), Cluster, "L3", null, TestContext.Current.CancellationToken);
        var hub = await HubInstance.StartAsync(KubeconfigPath, null, null, HubArgs(["--namespace", hubNamespace, .. extra]));
        hub.Http.DefaultRequestHeaders.Authorization = new("Bearer", await TokenAsync("demo-operator"));
        return hub;
    }

    /// <summary>An MCP client on the hub's <c>/mcp</c>, bearing a token of the dev realm's client (demo-operator, demo-viewer) or none.</summary>
    public async Task<McpClient> McpClientAsync(HubInstance hub, string? clientId)
    {
        var headers = new Dictionary<string, string>();
        if (clientId is not null)
        {
            headers["Authorization"] = "Bearer " + await TokenAsync(clientId);
        }

        return await McpClients.ConnectAsync(hub, headers);
    }

    public async Task WaitScenarioRecoveredAsync(string id) => await Eventually.TrueAsync(async () =>
        JsonDocument.Parse(await Http.GetStringAsync(new Uri(FleetAddress, $"sim/v1/scenarios/{id}"))).RootElement.GetProperty("state").GetString() == "recovered",
        $"scenario {id} never recovered", TimeSpan.FromSeconds(120));

    /// <summary>Alertmanager's "resolved" notification for the alert on a workload.</summary>
    public async Task ResolveAlertAsync(HubInstance hub, string alertname, string ns, string kindLabel, string name)
    {
        var body = AlertPayloads.Message("resolved", new Dictionary<string, string>
        {
            ["alertname"] = alertname,
            ["cluster"] = Cluster,
            ["namespace"] = ns,
            [kindLabel] = name,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/signals/alertmanager") { Content = AlertPayloads.Json(body) };
        request.Headers.Authorization = new("Bearer", ReceiverToken);
        using var response = await hub.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(PlaybookDirectory, recursive: true);
        Directory.Delete(WorkflowDirectory, recursive: true);
    }
}

/// <summary>Real MCP clients (ModelContextProtocol) against a hub, and reading their structured results.</summary>
public static class McpClients
{
    public static async Task<McpClient> ConnectAsync(HubInstance hub, Dictionary<string, string> headers) =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(hub.Http.BaseAddress!, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        }), new McpClientOptions { ClientInfo = new() { Name = "kubernaut-hub-tests", Version = "1.0.0" } }, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Calls a tool; returns its structured result, failing with the tool's error text when it errs.</summary>
    public static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments, IProgress<ProgressNotificationValue>? progress = null)
    {
        var result = await client.CallToolAsync(tool, arguments, progress, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.IsError != true, $"{tool} failed: {Text(result)}");
        Assert.NotNull(result.StructuredContent);
        return JsonSerializer.SerializeToElement(result.StructuredContent);
    }

    /// <summary>Calls a tool expecting a tool error; returns its text.</summary>
    public static async Task<string> ErrorAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.IsError == true, $"{tool} should have failed but returned {Text(result)}");
        return Text(result);
    }

    /// <summary>Waits until the request is past its investigation and proposal (and <paramref name="alsoPast"/>); returns the phase.</summary>
    public static async Task<string> SettledPhaseAsync(McpClient client, string id, string? alsoPast = null)
    {
        var phase = "";
        await Eventually.TrueAsync(async () =>
        {
            phase = (await CallAsync(client, "kubernaut_get_remediation", new() { ["rr_id"] = id })).GetProperty("phase").GetString()!;
            return phase is not ("Pending" or "Investigating" or "AwaitingDecision") && phase != alsoPast;
        }, () => $"{id} is still in {phase}", TimeSpan.FromSeconds(90));
        return phase;
    }

    public static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
}
