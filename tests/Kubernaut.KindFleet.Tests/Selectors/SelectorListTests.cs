using k8s;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.Selectors;

/// <summary>List requests with labelSelector and fieldSelector through KubernetesClient.</summary>
public sealed class SelectorListTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private readonly IKubernetes _client = fleet.Client("staging");
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<string> SeedPodsAsync()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var pods = new (string Name, string Node, Dictionary<string, string> Labels)[]
        {
            ("web-1", "staging-worker-1", new() { ["app"] = "web", ["env"] = "prod", ["canary"] = "true" }),
            ("web-2", "staging-worker-2", new() { ["app"] = "web", ["env"] = "prod" }),
            ("db-1", "staging-worker-1", new() { ["app"] = "db", ["env"] = "staging" }),
            ("job-1", "staging-worker-3", new() { ["env"] = "dev" }),
        };
        foreach (var (name, node, labels) in pods)
        {
            await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = labels },
                Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "busybox" }] },
            }, ns, cancellationToken: _ct);
        }

        return ns;
    }

    [Theory]
    [InlineData("app=web", "web-1,web-2")]
    [InlineData("app!=web", "db-1,job-1")]
    [InlineData("env in (prod,staging)", "db-1,web-1,web-2")]
    [InlineData("env notin (prod,staging)", "job-1")]
    [InlineData("canary", "web-1")]
    [InlineData("!canary", "db-1,job-1,web-2")]
    [InlineData("app,env=prod,!canary", "web-2")]
    public async Task List_LabelSelector_ReturnsMatchingPods(string selector, string expected)
    {
        var ns = await SeedPodsAsync();

        var pods = await _client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: _ct);

        Assert.Equal(expected, string.Join(',', pods.Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("metadata.name=web-2", "web-2")]
    [InlineData("spec.nodeName=staging-worker-1", "db-1,web-1")]
    [InlineData("spec.nodeName!=staging-worker-1", "job-1,web-2")]
    [InlineData("spec.nodeName=staging-worker-1,metadata.name!=db-1", "web-1")]
    public async Task List_FieldSelector_ReturnsMatchingPods(string selector, string expected)
    {
        var ns = await SeedPodsAsync();

        var pods = await _client.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: selector, cancellationToken: _ct);

        Assert.Equal(expected, string.Join(',', pods.Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task List_AllNamespacesByNode_CombinesFieldAndLabelSelectors()
    {
        var ns = await SeedPodsAsync();

        var pods = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName=staging-worker-1,metadata.namespace={ns}", labelSelector: "app=web", cancellationToken: _ct);

        Assert.Equal(["web-1"], pods.Items.Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task List_EventsByInvolvedObjectName_ReturnsThatObjectsEvents()
    {
        var ns = await NamespaceAsync(_client, _ct);
        foreach (var (name, target) in new[] { ("e1", "web-1"), ("e2", "web-2"), ("e3", "web-1") })
        {
            await _client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name },
                InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = target, NamespaceProperty = ns },
                Reason = "BackOff",
                Message = "Back-off restarting failed container",
                Type = "Warning",
            }, ns, cancellationToken: _ct);
        }

        var events = await _client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "involvedObject.name=web-1,involvedObject.kind=Pod", cancellationToken: _ct);

        Assert.Equal(["e1", "e3"], events.Items.Select(e => e.Metadata.Name));
    }

    [Fact]
    public async Task List_MalformedLabelSelector_Is400BadRequest()
    {
        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            _client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app in (web", cancellationToken: _ct));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Response.StatusCode);
        Assert.Equal("BadRequest", error.Status().Reason);
    }
}
