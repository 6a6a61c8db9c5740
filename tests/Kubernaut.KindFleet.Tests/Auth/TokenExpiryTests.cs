using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Kubernaut.KindFleet.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Kubernaut.KindFleet.Tests.ApiServer.ApiTestKit;

namespace Kubernaut.KindFleet.Tests.Auth;

/// <summary>A fleet on a fake clock that starts at the real time (TLS certificates are made from it).</summary>
public sealed class FakeClockFleet : IAsyncLifetime
{
    public FakeClockFleet()
    {
        Fleet = new FleetFixture { Time = Clock };
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public FleetFixture Fleet { get; }

    public ValueTask InitializeAsync() => Fleet.InitializeAsync();

    public ValueTask DisposeAsync() => Fleet.DisposeAsync();
}

/// <summary>Bound tokens expire: authentication and TokenReview refuse them once their lifetime has passed on the cluster clock.</summary>
public sealed class TokenExpiryTests(FakeClockFleet fake) : IClassFixture<FakeClockFleet>
{
    private const string Cluster = "staging";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private async Task<(string Ns, string Token)> TokenAsync(int seconds)
    {
        var admin = fake.Fleet.Client(Cluster);
        var ns = await NamespaceAsync(admin, _ct, "exp");
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "short" } }, ns, cancellationToken: _ct);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "view" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "admin-everything" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "short", NamespaceProperty = ns }],
        }, ns, cancellationToken: _ct);
        await EnsureClusterRoleAsync(admin);
        var issued = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = seconds, Audiences = [] } }, "short", ns, cancellationToken: _ct);
        return (ns, issued.Status.Token);
    }

    private async Task EnsureClusterRoleAsync(IKubernetes admin)
    {
        try
        {
            await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
            {
                Metadata = new V1ObjectMeta { Name = "admin-everything" },
                Rules = [new V1PolicyRule { ApiGroups = ["*"], Resources = ["*"], Verbs = ["*"] }],
            }, cancellationToken: _ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Made by an earlier test of this fixture.
        }
    }

    [Fact]
    public async Task Token_BeforeExpiry_Authenticates()
    {
        var (ns, token) = await TokenAsync(600);

        fake.Clock.Advance(TimeSpan.FromSeconds(590));
        var pods = await fake.Fleet.ClientWithToken(Cluster, token).CoreV1.ListNamespacedPodAsync(ns, cancellationToken: _ct);

        Assert.Empty(pods.Items);
    }

    [Fact]
    public async Task Token_AfterExpiry_Is401()
    {
        var (ns, token) = await TokenAsync(600);
        var client = fake.Fleet.ClientWithToken(Cluster, token);
        await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: _ct);

        fake.Clock.Advance(TimeSpan.FromSeconds(601));
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: _ct));

        Assert.Equal(HttpStatusCode.Unauthorized, error.Response.StatusCode);
    }

    [Fact]
    public async Task TokenReview_AfterExpiry_IsNotAuthenticated()
    {
        var (_, token) = await TokenAsync(900);
        var admin = fake.Fleet.Client(Cluster);

        var before = await admin.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }, cancellationToken: _ct);
        fake.Clock.Advance(TimeSpan.FromMinutes(16));
        var after = await admin.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } }, cancellationToken: _ct);

        Assert.True(before.Status.Authenticated);
        Assert.False(after.Status.Authenticated);
    }

    [Fact]
    public async Task TokenRequest_ExpirationTimestamp_FollowsClusterClock()
    {
        var admin = fake.Fleet.Client(Cluster);
        var ns = await NamespaceAsync(admin, _ct, "exp");
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "sa" } }, ns, cancellationToken: _ct);
        var now = fake.Clock.GetUtcNow();

        var issued = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 1200, Audiences = [] } }, "sa", ns, cancellationToken: _ct);

        Assert.Equal(now.AddSeconds(1200).UtcDateTime, issued.Status.ExpirationTimestamp!.Value, TimeSpan.FromSeconds(1));
    }
}
