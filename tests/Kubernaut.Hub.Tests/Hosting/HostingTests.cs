using System.Net;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Tests.Support;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Tests.Hosting;

public sealed class HostingTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task Health_ReadyHub_AnswersHealthzAndReadyz()
    {
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("ok", await fixture.Hub.Http.GetStringAsync("/healthz", ct));
        Assert.Equal("ok", await fixture.Hub.Http.GetStringAsync("/readyz", ct));
    }

    [Fact]
    public async Task Metrics_AfterSignals_ExposeIntakeCountersInPrometheusFormat()
    {
        var ct = TestContext.Current.CancellationToken;
        await AlertPayloads.PostAsync(fixture.Hub.Http, "not json");

        var response = await fixture.Hub.Http.GetAsync("/metrics", ct);
        var text = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE kubernaut_hub_signals_total counter", text);
        Assert.Contains("kubernaut_hub_signals_total{source=\"alertmanager\",outcome=\"malformed\"}", text);
        Assert.Contains("kubernaut_hub_leader 1", text);
        Assert.Contains("http_requests_received_total{code=\"400\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/api/v1/signals/alertmanager\"}", text);
        Assert.Contains("# TYPE http_request_duration_seconds histogram", text);
        Assert.Contains("# TYPE dotnet_collection_count_total counter", text);
        Assert.Contains("# TYPE process_cpu_seconds_total counter", text);
    }

    [Fact]
    public async Task Metrics_RequestMovesOn_TimeSpentInEachPhaseObserved()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-us-east"), ns, "ledger", ct);

        await AlertPayloads.PostAsync(fixture.Hub.Http, AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", ns, pod)));

        await Eventually.TrueAsync(async () => (await fixture.Hub.Http.GetStringAsync("/metrics", ct)).Contains("kubernaut_hub_phase_duration_seconds_count{phase=\"Investigating\"}", StringComparison.Ordinal),
            "no time in Investigating was observed");
        var text = await fixture.Hub.Http.GetStringAsync("/metrics", ct);
        Assert.Contains("# TYPE kubernaut_hub_phase_duration_seconds histogram", text);
        Assert.Contains("kubernaut_hub_phase_duration_seconds_count{phase=\"Pending\"}", text);
    }

    [Fact]
    public void Build_InvalidOptions_FailsNamingEveryBadKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => HubHost.Build(["--port", "0", "--kubeconfig", "/nonexistent/kubeconfig",
            "--Guardrails:MaxConcurrentExecutions", "0", "--Audit:Provider", "Oracle", "--LeaderElection:RenewDeadline", "00:01:00"]));

        var message = string.Join("\n", error.Failures);
        Assert.Contains("Hub:Kubeconfig", message);
        Assert.Contains("Guardrails:MaxConcurrentExecutions", message);
        Assert.Contains("Audit:Provider", message);
        Assert.Contains("RenewDeadline", message);
    }

    [Fact]
    public void Options_EachValidator_NamesItsConfigurationKeys()
    {
        Assert.Contains("Guardrails:MaxConcurrentExecutions", new Kubernaut.Hub.TrustLadder.GuardrailOptionsValidator()
            .Validate(null, new Kubernaut.Hub.TrustLadder.GuardrailOptions { MaxConcurrentExecutions = 0 }).FailureMessage);
        Assert.Contains("Audit:Provider", new Kubernaut.Hub.Audit.AuditOptionsValidator()
            .Validate(null, new Kubernaut.Hub.Audit.AuditOptions { Provider = "Oracle" }).FailureMessage);
        Assert.Contains("RenewDeadline", new Kubernaut.Hub.LeaderElection.LeaderElectionOptionsValidator()
            .Validate(null, new Kubernaut.Hub.LeaderElection.LeaderElectionOptions { RenewDeadline = TimeSpan.FromMinutes(1) }).FailureMessage);
        Assert.Contains("Fleet:ClusterProxyUrl", new Kubernaut.Hub.Fleet.FleetOptionsValidator()
            .Validate(null, new Kubernaut.Hub.Fleet.FleetOptions { SpokeAccess = "ClusterProxy" }).FailureMessage);
        Assert.True(new HubOptionsValidator().Validate(null, new HubOptions()).Succeeded);
    }
}
