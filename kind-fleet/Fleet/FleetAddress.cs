using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>
/// The fleet's public HTTPS base address, which only exists once Kestrel has bound its port (port 0 is resolved then).
/// Controllers that publish URLs (ManagedCluster client configs) ask for it on each pass and wait while it is null,
/// instead of the address being threaded through start-up.
/// </summary>
internal sealed class FleetAddress(Func<Uri?> resolve)
{
    /// <summary><c>https://127.0.0.1:P/</c>, or null while the server is not listening yet.</summary>
    public Uri? SecureBase => resolve();

    public static FleetAddress Fixed(Uri secureBase) => new(() => secureBase);

    public static FleetAddress FromServer(IServer server) => new(() =>
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null || !Uri.TryCreate(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var bound) || bound.Port == 0)
        {
            return null;
        }

        return new UriBuilder(bound) { Scheme = "https", Path = "/" }.Uri;
    });
}
