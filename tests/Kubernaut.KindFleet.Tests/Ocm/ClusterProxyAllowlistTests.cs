using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Kubernaut.KindFleet.Tests.Ocm;

/// <summary>
/// cluster-proxy's service-proxy URL form reaching an HTTP service "inside" a spoke (a real loopback server registered
/// as that service), gated by the <c>cluster-proxy-exposed-services</c> allowlist on the hub.
/// </summary>
public sealed class ClusterProxyAllowlistTests(FleetFixture fleet) : IClassFixture<FleetFixture>, IAsyncLifetime
{
    private WebApplication? _backend;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        _backend = builder.Build();
        _backend.Map("/{**rest}", (HttpContext ctx, string? rest) => Results.Json(new
        {
            path = rest,
            query = ctx.Request.QueryString.Value,
            authorization = ctx.Request.Headers.Authorization.ToString(),
        }));
        await _backend.StartAsync(TestContext.Current.CancellationToken);
        var address = _backend.Urls.First();
        fleet.Fleet.Services.Register("prod-us-east", "kubernaut", "spoke-mcp", new Uri(address.TrimEnd('/') + "/"));
    }

    [Fact]
    public async Task ServiceProxy_ServiceNotInAllowlist_Forbidden()
    {
        using var http = new HttpClient();

        using var response = await http.GetAsync(ProxyUrl("http:spoke-mcp:8080", "mcp"), TestContext.Current.CancellationToken);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("service kubernaut/spoke-mcp is not in the exposed services allowlist", body?["message"]?.GetValue<string>());
    }

    [Fact]
    public async Task ServiceProxy_AllowlistedService_ForwardsPathQueryAndAuthorization()
    {
        await AllowAsync("""[{"namespace": "kubernaut", "service": "spoke-mcp", "port": 8080, "protocol": "http"}]""");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, ProxyUrl("http:spoke-mcp:8080", "mcp/tools?cursor=2"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "hub-issued-token");

        using var allowed = await http.SendAsync(request, TestContext.Current.CancellationToken);
        using var otherPort = await http.GetAsync(ProxyUrl("http:spoke-mcp:9090", "mcp"), TestContext.Current.CancellationToken);

        var echo = JsonNode.Parse(await allowed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("mcp/tools", echo?["path"]?.GetValue<string>());
        Assert.Equal("?cursor=2", echo?["query"]?.GetValue<string>());
        Assert.Equal("Bearer hub-issued-token", echo?["authorization"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, otherPort.StatusCode);
    }

    private Uri ProxyUrl(string serviceRef, string rest) =>
        new(fleet.BaseAddress, $"cluster-proxy/prod-us-east/api/v1/namespaces/kubernaut/services/{serviceRef}/proxy-service/{rest}");

    /// <summary>Edits the allowlist through the hub API, as an operator (or an addon's installer) would.</summary>
    private async Task AllowAsync(string services)
    {
        var patch = new V1Patch(new JsonObject { ["data"] = new JsonObject { ["services"] = services } }.ToJsonString(), V1Patch.PatchType.MergePatch);
        await fleet.Client("hub").CoreV1.PatchNamespacedConfigMapAsync(patch, "cluster-proxy-exposed-services", "open-cluster-management-addon",
            cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        fleet.Fleet.Services.Unregister("prod-us-east", "kubernaut", "spoke-mcp");
        await AllowAsync("[]");
        if (_backend is not null)
        {
            await _backend.StopAsync();
            await _backend.DisposeAsync();
        }
    }
}
