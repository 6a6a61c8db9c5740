using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Kubernaut.KindFleet.Identity;

/// <summary>
/// The issuer alone on its own loopback port: a second, independent realm for tests (another issuer, other keys),
/// or an issuer that a test can stop and start to see how token consumers ride out a Keycloak outage.
/// </summary>
public sealed class KeycloakIssuerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KeycloakIssuerHost(WebApplication app, Uri baseAddress, KeycloakIssuerSettings settings)
    {
        _app = app;
        BaseAddress = baseAddress;
        Realm = settings.Realm;
        Availability = settings.Options.Availability;
    }

    /// <summary><c>http://127.0.0.1:P/</c>.</summary>
    public Uri BaseAddress { get; }

    public KeycloakRealm Realm { get; }

    /// <summary>The issuer URL (<c>iss</c>) and the JwtBearer authority: <c>http://127.0.0.1:P/realms/{realm}</c>.</summary>
    public Uri RealmUri => new(BaseAddress, "realms/" + Realm.Name);

    public IssuerAvailability Availability { get; }

    public static async Task<KeycloakIssuerHost> StartAsync(Action<KeycloakIssuerOptions>? configure = null, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddKeycloakIssuer(configure);
        var app = builder.Build();
        app.UseKeycloakIssuer();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KeycloakIssuerHost(app, new Uri(address.TrimEnd('/') + "/"), app.Services.GetRequiredService<KeycloakIssuerSettings>());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
