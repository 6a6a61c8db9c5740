using k8s;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.ApiServer;

/// <summary>status, scale, log and token subresources, and TokenReview, through KubernetesClient.</summary>
public sealed class SubresourceTests(ApiServerFixture fleet) : IClassFixture<ApiServerFixture>
{
    private readonly IKubernetes _client = fleet.Client("prod-eu-west");
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReplaceStatus_SpecChangeInBody_IsIgnored()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var created = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns, cancellationToken: _ct);
        created.Spec.Replicas = 9;
        created.Status = new V1DeploymentStatus { ReadyReplicas = 2, Replicas = 2 };

        var updated = await _client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(created, "web", ns, cancellationToken: _ct);

        Assert.Equal(2, updated.Spec.Replicas);
        Assert.Equal(2, updated.Status.ReadyReplicas);
        Assert.Equal(1, updated.Metadata.Generation);
    }

    [Fact]
    public async Task PatchMainResource_StatusInBody_IsIgnored()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns, cancellationToken: _ct);

        var patched = await _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":3},"status":{"readyReplicas":7}}""", V1Patch.PatchType.MergePatch), "web", ns, cancellationToken: _ct);

        Assert.Equal(3, patched.Spec.Replicas);
        Assert.Null(patched.Status?.ReadyReplicas);
    }

    [Fact]
    public async Task PatchStatus_OnlyStatusChanges()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns, cancellationToken: _ct);

        var patched = await _client.AppsV1.PatchNamespacedDeploymentStatusAsync(
            new V1Patch("""{"spec":{"replicas":5},"status":{"availableReplicas":1}}""", V1Patch.PatchType.MergePatch), "web", ns, cancellationToken: _ct);

        Assert.Equal((2, 1), (patched.Spec.Replicas, patched.Status.AvailableReplicas));
    }

    [Fact]
    public async Task Scale_Deployment_ReadAndReplaceChangeSpecReplicas()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns, cancellationToken: _ct);

        var scale = await _client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns, cancellationToken: _ct);
        scale.Spec.Replicas = 6;
        var replaced = await _client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", ns, cancellationToken: _ct);
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: _ct);

        Assert.Equal(("autoscaling/v1", "Scale", "app=web"), (scale.ApiVersion, scale.Kind, scale.Status.Selector));
        Assert.Equal(6, replaced.Spec.Replicas);
        Assert.Equal(6, deployment.Spec.Replicas);
        Assert.Equal(2, deployment.Metadata.Generation);
    }

    [Fact]
    public async Task Scale_StatefulSetMergePatch_ChangesSpecReplicas()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var deployment = Deployment("db", 3);
        await _client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1StatefulSetSpec { Replicas = 3, ServiceName = "db", Selector = deployment.Spec.Selector, Template = deployment.Spec.Template },
        }, ns, cancellationToken: _ct);

        var scaled = await _client.AppsV1.PatchNamespacedStatefulSetScaleAsync(new V1Patch("""{"spec":{"replicas":1}}""", V1Patch.PatchType.MergePatch), "db", ns, cancellationToken: _ct);
        var read = await _client.AppsV1.ReadNamespacedStatefulSetAsync("db", ns, cancellationToken: _ct);

        Assert.Equal(1, scaled.Spec.Replicas);
        Assert.Equal(1, read.Spec.Replicas);
    }

    [Fact]
    public async Task Scale_NegativeReplicas_IsInvalid()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 2), ns, cancellationToken: _ct);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            _client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":-1}}""", V1Patch.PatchType.MergePatch), "web", ns, cancellationToken: _ct));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
    }

    [Fact]
    public async Task PodLog_TailSinceAndTimestamps_FilterTheContainerOutput()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "logger" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox" }, new V1Container { Name = "side", Image = "busybox" }] },
        }, ns, cancellationToken: _ct);
        var cluster = fleet.Fleet.Find("prod-eu-west")!;
        var now = cluster.Time.GetUtcNow();
        cluster.Logs.Append(ns, "logger", "main", now.AddMinutes(-10), "old line");
        cluster.Logs.Append(ns, "logger", "main", now.AddSeconds(-20), "recent 1");
        cluster.Logs.Append(ns, "logger", "main", now.AddSeconds(-10), "recent 2");
        cluster.Logs.Append(ns, "logger", "side", now, "sidecar says hi");

        var tail = await ReadLogAsync(ns, "main", tailLines: 1);
        var since = await ReadLogAsync(ns, "main", sinceSeconds: 60);
        var stamped = await ReadLogAsync(ns, "main", tailLines: 1, timestamps: true);
        var side = await ReadLogAsync(ns, "side");

        Assert.Equal("recent 2\n", tail);
        Assert.Equal("recent 1\nrecent 2\n", since);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z recent 2\n$", stamped);
        Assert.Equal("sidecar says hi\n", side);
    }

    [Fact]
    public async Task PodLog_NoContainerOnMultiContainerPod_IsBadRequest()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "two" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Image = "x" }, new V1Container { Name = "b", Image = "x" }] },
        }, ns, cancellationToken: _ct);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => _client.CoreV1.ReadNamespacedPodLogAsync("two", ns, cancellationToken: _ct));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Response.StatusCode);
        Assert.Contains("choose one of: [a b]", error.Response.Content, StringComparison.Ordinal);
    }

    private async Task<string> ReadLogAsync(string ns, string container, int? tailLines = null, int? sinceSeconds = null, bool? timestamps = null)
    {
        await using var stream = await _client.CoreV1.ReadNamespacedPodLogAsync("logger", ns, container: container, tailLines: tailLines,
            sinceSeconds: sinceSeconds, timestamps: timestamps, cancellationToken: _ct);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(_ct);
    }

    [Fact]
    public async Task TokenRequest_ThenTokenReview_AuthenticatesAsTheServiceAccount()
    {
        var ns = await NamespaceAsync(_client, _ct);
        var sa = await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, ns, cancellationToken: _ct);

        var issued = await _client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600, Audiences = ["https://kubernetes.default.svc"] } }, "robot", ns, cancellationToken: _ct);
        var review = await _client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = issued.Status.Token } }, cancellationToken: _ct);
        var bogus = await _client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "not-a-token" } }, cancellationToken: _ct);

        Assert.False(string.IsNullOrEmpty(issued.Status.Token));
        Assert.InRange(issued.Status.ExpirationTimestamp!.Value, DateTime.UtcNow.AddMinutes(55), DateTime.UtcNow.AddMinutes(65));
        Assert.True(review.Status.Authenticated);
        Assert.Equal($"system:serviceaccount:{ns}:robot", review.Status.User.Username);
        Assert.Equal(sa.Metadata.Uid, review.Status.User.Uid);
        Assert.Contains($"system:serviceaccounts:{ns}", review.Status.User.Groups);
        Assert.False(bogus.Status.Authenticated);
    }

    [Fact]
    public async Task TokenRequest_ShorterThanTenMinutes_IsInvalid()
    {
        var ns = await NamespaceAsync(_client, _ct);
        await _client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, ns, cancellationToken: _ct);

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => _client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 60, Audiences = [] } }, "robot", ns, cancellationToken: _ct));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
    }
}
