using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Signals;

/// <summary>Natural-language signals resolved against the live fleet: ManagedClusters on the hub, workloads on each spoke.</summary>
public sealed class NaturalLanguageTests(HubFixture fixture) : IClassFixture<HubFixture>, IAsyncLifetime
{
    private const string SeedSentence =
        "The payment processing in prod-eu-west feels sluggish since this morning. Customers are complaining about timeouts at checkout.";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var euWest = fixture.Fleet.Client("prod-eu-west");
        var usEast = fixture.Fleet.Client("prod-us-east");
        // The services of the seed stories, plus look-alikes that a template-matching resolver would trip over.
        await FleetObjects.EnsureDeploymentSomewhereAsync(euWest, "payments", "payment-gateway", ct);
        await FleetObjects.EnsureStatefulSetSomewhereAsync(euWest, "payments", "payment-db", ct);
        await FleetObjects.EnsureDeploymentSomewhereAsync(euWest, "shop", "checkout-service", ct);
        await FleetObjects.EnsureDeploymentSomewhereAsync(euWest, "shop", "frontend", ct);
        await FleetObjects.EnsureDeploymentSomewhereAsync(usEast, "shop", "checkout-service", ct);
        await FleetObjects.EnsureDeploymentSomewhereAsync(usEast, "shop", "inventory-api", ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Post_SeedSentence_OpensRequestOnPaymentGatewayInProdEuWest()
    {
        var response = await PostAsync(SeedSentence);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var rr = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("prod-eu-west", rr.GetProperty("cluster").GetString());
        Assert.Equal("payment-gateway", rr.GetProperty("target").GetProperty("name").GetString());
        Assert.Equal("Deployment", rr.GetProperty("target").GetProperty("kind").GetString());
        Assert.Equal("natural-language", rr.GetProperty("signal").GetProperty("type").GetString());
        Assert.Equal("HighLatency", rr.GetProperty("signal").GetProperty("name").GetString());
        Assert.Equal(SeedSentence, rr.GetProperty("signal").GetProperty("description").GetString());
        Assert.Equal(response.Headers.Location!.ToString(), "/api/v1/remediations/" + rr.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Post_SentenceNamingNoKnownClusterOrService_Returns422SayingBothAreMissing()
    {
        var response = await PostAsync("The quantum flux capacitor on the moon base is acting up again.");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var missing = problem.GetProperty("missing").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Contains("cluster", missing);
        Assert.Contains("service", missing);
        Assert.Contains("names no known service", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_KnownClusterUnknownService_Returns422NamingTheMissingService()
    {
        var response = await PostAsync("Something in prod-eu-west is broken, the flux capacitor maybe.");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["service"], problem.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains("prod-eu-west", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_ServiceInSeveralClustersWithoutCluster_Returns422AskingForTheCluster()
    {
        var response = await PostAsync("checkout service is throwing errors");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["cluster"], problem.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        var candidates = problem.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Contains(candidates, c => c.StartsWith("prod-eu-west/", StringComparison.Ordinal));
        Assert.Contains(candidates, c => c.StartsWith("prod-us-east/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_ClusterInOtherWordsAndServiceMisspelled_ResolvesTheService()
    {
        var response = await PostAsync("Production EU west: the invntory api keeps crashing and restarting", cluster: null);
        var inUsEast = await PostAsync("the invntory api keeps crashing and restarting", cluster: "prod-us-east");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, inUsEast.StatusCode);
        var rr = await inUsEast.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("inventory-api", rr.GetProperty("target").GetProperty("name").GetString());
        Assert.Equal("CrashLooping", rr.GetProperty("signal").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Post_EmptyText_Returns400()
    {
        var response = await fixture.Hub.Http.PostAsJsonAsync("/api/v1/signals", new { text = "  " }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string text, string? cluster = null) =>
        fixture.Hub.Http.PostAsJsonAsync("/api/v1/signals", new { text, cluster }, TestContext.Current.CancellationToken);
}
