using Kubernaut.Hub.Execution;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Tests.Support;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Tests.Execution;

/// <summary>
/// Two hubs (one per namespace) on one OCM hub: each lists, and so sweeps as leftovers, only the ephemeral identities it
/// created itself — a second hub's janitor once deleted a running job's ManagedServiceAccount.
/// </summary>
public sealed class EphemeralAccessOwnershipTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    [Fact]
    public async Task ListOwned_TwoHubNamespaces_EachSeesOnlyItsOwnIdentities()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fleet.Client("hub");
        var first = new EphemeralAccess(client, Options.Create(new HubOptions { Namespace = "kn-first" }));
        var second = new EphemeralAccess(client, Options.Create(new HubOptions { Namespace = "kn-second" }));

        await first.CreateServiceAccountAsync("prod-us-east", "kn-run-first", "rr-first", TimeSpan.FromHours(1), TimeSpan.Zero, ct);
        await second.CreateServiceAccountAsync("prod-us-east", "kn-run-second", "rr-second", TimeSpan.FromHours(1), TimeSpan.Zero, ct);

        Assert.Equal([("ManagedServiceAccount", "prod-us-east", "kn-run-first", "rr-first")], await first.ListOwnedAsync(ct));
        Assert.Equal([("ManagedServiceAccount", "prod-us-east", "kn-run-second", "rr-second")], await second.ListOwnedAsync(ct));
    }
}
