using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Signals;

public sealed partial class AlertmanagerReceiverTests(HubFixture fixture) : IClassFixture<HubFixture>
{
    private HttpClient Http => fixture.Hub.Http;

    [Fact]
    public async Task Receive_FiringAlertOnPod_OpensRequestOnOwningDeployment()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-us-east"), ns, "checkout-service", ct);

        var response = await AlertPayloads.PostAsync(Http, AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", ns, pod)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var item = receipt.GetProperty("remediations")[0];
        Assert.True(item.GetProperty("created").GetBoolean());
        var id = item.GetProperty("id").GetString()!;
        Assert.Matches(IdFormat(), id);

        var rr = await fixture.Hub.GetRemediationAsync(id);
        Assert.Equal("prod-us-east", rr.GetProperty("cluster").GetString());
        Assert.Equal(ns, rr.GetProperty("namespace").GetString());
        Assert.Equal("Deployment", rr.GetProperty("target").GetProperty("kind").GetString());
        Assert.Equal("checkout-service", rr.GetProperty("target").GetProperty("name").GetString());
        Assert.Equal(1, rr.GetProperty("occurrenceCount").GetInt32());
        Assert.Equal(2, rr.GetProperty("trustLevel").GetInt32());
        Assert.False(string.IsNullOrEmpty(rr.GetProperty("phase").GetString()));

        var list = await Http.GetFromJsonAsync<JsonElement>("/api/v1/remediations", ct);
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Receive_DifferentAlertsOnPodsOfOneDeployment_CountOnOneRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-us-east"), ns, "web", ct);

        var first = await ReceiptIdAsync(AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", ns, pod, "KubePodCrashLooping")));
        var second = await ReceiptIdAsync(AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", ns, pod, "ContainerOOMKilled")));
        var byDeploymentLabel = new Dictionary<string, string> { ["alertname"] = "HighLatency", ["cluster"] = "prod-us-east", ["namespace"] = ns, ["deployment"] = "web" };
        var third = await ReceiptIdAsync(AlertPayloads.Message("firing", byDeploymentLabel));

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        // Repeats may be coalesced in memory and written within Signals:OccurrenceFlushInterval: exactly three, eventually.
        await Eventually.TrueAsync(async () => (await fixture.Hub.GetRemediationAsync(first)).GetProperty("occurrenceCount").GetInt32() == 3,
            "the request never counted exactly three occurrences");
    }

    [Fact]
    public async Task Receive_ResolvedAfterFiring_UpdatesTheSameRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("staging"), ns, "api", ct);
        var alert = AlertPayloads.PodAlert("staging", ns, pod);
        var id = await ReceiptIdAsync(AlertPayloads.Message("firing", alert));

        var resolved = await AlertPayloads.PostAsync(Http, AlertPayloads.Message("resolved", alert));

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var rr = await fixture.Hub.GetRemediationAsync(id);
        Assert.Equal("resolved", rr.GetProperty("signal").GetProperty("state").GetString());
        Assert.Equal(1, rr.GetProperty("occurrenceCount").GetInt32());
        var all = await Http.GetFromJsonAsync<JsonElement>("/api/v1/remediations", ct);
        Assert.Single(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("namespace").GetString() == ns);
    }

    [Fact]
    public async Task Receive_GroupedAlertsWithOneUnusable_AcceptsTheRestAndSaysWhy()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-eu-west"), ns, "orders", ct);
        var noWorkload = new Dictionary<string, string> { ["alertname"] = "NodeDiskPressure", ["cluster"] = "prod-eu-west", ["namespace"] = ns };
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-eu-west", ns, pod), noWorkload))!;
        body["truncatedAlerts"] = JsonSerializer.SerializeToElement(3);

        var response = await AlertPayloads.PostAsync(Http, JsonSerializer.Serialize(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(1, receipt.GetProperty("accepted").GetInt32());
        Assert.Equal(3, receipt.GetProperty("truncatedAlerts").GetInt32());
        Assert.Contains("names no workload", receipt.GetProperty("rejected")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Receive_PodsOfOneDeploymentInOneWebhook_OneReceiptLineCountingEveryAlert()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var pod = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-us-east"), ns, "payments", ct);
        // A live pod, a pod already replaced (its generated name still names the Deployment), and the Deployment itself.
        var gone = AlertPayloads.PodAlert("prod-us-east", ns, "payments-5d8f7c9b4-zz9zz");
        var byDeployment = new Dictionary<string, string> { ["alertname"] = "KubePodCrashLooping", ["cluster"] = "prod-us-east", ["namespace"] = ns, ["deployment"] = "payments" };

        var response = await AlertPayloads.PostAsync(Http, AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", ns, pod), gone, byDeployment));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(3, receipt.GetProperty("accepted").GetInt32());
        var line = Assert.Single(receipt.GetProperty("remediations").EnumerateArray());
        Assert.Equal(0, line.GetProperty("alert").GetInt32());
        Assert.Equal(3, line.GetProperty("alerts").GetInt32());
        Assert.Equal(3, line.GetProperty("occurrenceCount").GetInt32());
        Assert.True(line.GetProperty("created").GetBoolean());
        Assert.Equal(3, (await fixture.Hub.GetRemediationAsync(line.GetProperty("id").GetString()!)).GetProperty("occurrenceCount").GetInt32());
    }

    [Fact]
    public async Task Receive_InterleavedWorkloads_OneLinePerRunInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = HubFixture.NewNamespace();
        var api = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-us-east"), ns, "api", ct);
        var worker = await FleetObjects.EnsureDeploymentWithPodAsync(fixture.Fleet.Client("prod-us-east"), ns, "worker", ct);
        var onApi = AlertPayloads.PodAlert("prod-us-east", ns, api);
        var onWorker = AlertPayloads.PodAlert("prod-us-east", ns, worker);

        var response = await AlertPayloads.PostAsync(Http, AlertPayloads.Message("firing", onApi, onApi, onWorker, onApi));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("remediations").EnumerateArray().ToArray();
        Assert.Equal([(0, 2), (2, 1), (3, 1)], lines.Select(l => (l.GetProperty("alert").GetInt32(), l.GetProperty("alerts").GetInt32())));
        Assert.Equal(lines[0].GetProperty("id").GetString(), lines[2].GetProperty("id").GetString());
        Assert.NotEqual(lines[0].GetProperty("id").GetString(), lines[1].GetProperty("id").GetString());
        Assert.Equal(3, lines[2].GetProperty("occurrenceCount").GetInt32());
    }

    [Theory]
    [InlineData("\"version\":\"4\"", "\"version\":4", "version")]
    [InlineData("\"truncatedAlerts\":0", "\"truncatedAlerts\":-1", "truncatedAlerts")]
    [InlineData("\"severity\":\"critical\"", "\"severity\":5", "alerts[0]")]
    [InlineData("\"startsAt\":\"2026-01-01T10:00:00.000Z\"", "\"startsAt\":\"yesterday\"", "alerts[0]")]
    [InlineData("\"labels\":{", "\"labels\":[],\"x\":{", "alerts[0]")]
    [InlineData("\"commonLabels\":{", "\"commonLabels\":[],\"x\":{", "commonLabels")]
    public async Task Receive_WrongTypedField_Returns400NamingTheField(string original, string replacement, string field)
    {
        var body = AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", "x", "y"));
        Assert.Contains(original, body, StringComparison.Ordinal);

        var response = await AlertPayloads.PostAsync(Http, body.Replace(original, replacement, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}: {problem}");
    }

    [Fact]
    public async Task Receive_MalformedJson_Returns400SayingSo()
    {
        var response = await AlertPayloads.PostAsync(Http, "{\"version\": \"4\", \"alerts\": [");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("malformed JSON", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Receive_WrongVersion_Returns400NamingTheVersion()
    {
        var body = AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", "x", "y")).Replace("\"version\":\"4\"", "\"version\":\"3\"", StringComparison.Ordinal);

        var response = await AlertPayloads.PostAsync(Http, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("unsupported payload version \"3\"", problem.GetProperty("errors").GetProperty("version")[0].GetString());
    }

    [Fact]
    public async Task Receive_MissingAlerts_Returns400()
    {
        var response = await AlertPayloads.PostAsync(Http, "{\"version\":\"4\",\"status\":\"firing\",\"alerts\":[]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least one alert", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Receive_OversizedBody_Returns413()
    {
        var huge = AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", "x", new string('p', 2 * 1024 * 1024)));

        var response = await AlertPayloads.PostAsync(Http, huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Receive_WithoutOrWithWrongCredential_Returns401WithChallenge()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        var body = AlertPayloads.Message("firing", AlertPayloads.PodAlert("prod-us-east", "x", "y"));

        var none = await AlertPayloads.PostAsync(anonymous, body);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        var wrong = await AlertPayloads.PostAsync(anonymous, body);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz", ct)).StatusCode);
    }

    [Fact]
    public async Task Receive_UnknownClusterOrNoClusterLabel_Returns422SayingWhatIsMissing()
    {
        var ct = TestContext.Current.CancellationToken;
        var unknown = await AlertPayloads.PostAsync(Http, AlertPayloads.Message("firing", AlertPayloads.PodAlert("mars-1", "x", "y")));
        var noCluster = AlertPayloads.PodAlert("prod-us-east", "x", "y");
        noCluster.Remove("cluster");
        var unlabelled = await AlertPayloads.PostAsync(Http, AlertPayloads.Message("firing", noCluster));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("mars-1", await unknown.Content.ReadAsStringAsync(ct));
        Assert.Contains("is not a ManagedCluster", await unknown.Content.ReadAsStringAsync(ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unlabelled.StatusCode);
        var problem = await unlabelled.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Contains("no \"cluster\" label", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Receive_NotJsonContentType_Returns415()
    {
        var response = await Http.PostAsync("/api/v1/signals/alertmanager", new StringContent("alert!", Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private async Task<string> ReceiptIdAsync(string body)
    {
        var response = await AlertPayloads.PostAsync(Http, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return receipt.GetProperty("remediations")[0].GetProperty("id").GetString()!;
    }

    [GeneratedRegex("^rr-[0-9a-f]{12}-[0-9a-f]{8}$")]
    private static partial Regex IdFormat();
}
