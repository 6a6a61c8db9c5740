using k8s;
using Kubernaut.Hub.LeaderElection;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.LeaderElection;

/// <summary>Two hubs against one hub cluster: one leads, and the other takes over only once the first is gone.</summary>
public sealed class LeaseElectorTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task TwoHubs_ExactlyOneLeadsThenTheOtherTakesOverWhenItStops()
    {
        var ct = TestContext.Current.CancellationToken;
        var audit = Path.Combine(Path.GetTempPath(), $"hub-audit-{Guid.NewGuid():N}.db");
        var first = await HubInstance.StartAsync(fleet, audit);
        await using var second = await HubInstance.StartAsync(fleet, audit);
        var a = first.Service<ILeadership>();
        var b = second.Service<ILeadership>();
        await Eventually.TrueAsync(() => Task.FromResult(a.IsLeader || b.IsLeader), "nobody became leader");

        for (var i = 0; i < 20; i++)
        {
            Assert.False(a.IsLeader && b.IsLeader, "both replicas believed they lead");
            await Task.Delay(100, ct);
        }

        var (leader, follower, followerLeadership) = a.IsLeader ? (first, second, b) : (second, first, a);
        var lease = await fleet.Client("hub").CoordinationV1.ReadNamespacedLeaseAsync("kubernaut-hub-leader", "kubernaut-system", cancellationToken: ct);
        Assert.Equal((a.IsLeader ? a : b).Identity, lease.Spec.HolderIdentity);

        await leader.DisposeAsync();

        await Eventually.TrueAsync(() => Task.FromResult(followerLeadership.IsLeader), "the remaining hub never took over");
        if (!ReferenceEquals(follower, second))
        {
            await follower.DisposeAsync();
        }
    }
}
