namespace Kubernaut.KindFleet.Identity;

/// <summary>How the dev Keycloak-compatible issuer is set up.</summary>
public sealed class KeycloakIssuerOptions
{
    /// <summary>The realm to serve; by default the embedded <c>ocm-manifests/keycloak/kubernaut-realm.json</c>.</summary>
    public KeycloakRealm? Realm { get; set; }

    /// <summary>Overrides every client's access-token lifespan (the realm's <c>accessTokenLifespan</c> otherwise).</summary>
    public TimeSpan? AccessTokenLifetime { get; set; }

    /// <summary>
    /// The clock stamped into <c>iat</c>/<c>exp</c>. Deliberately not the fleet's simulation clock: token consumers
    /// (hub, spoke addons) validate against wall-clock time, as they would against a real Keycloak.
    /// </summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Lets tests take the issuer down (503) and bring it back; shared so callers can hold on to it.</summary>
    public IssuerAvailability Availability { get; set; } = new();
}

/// <summary>A switch that makes every realm endpoint answer 503, as a Keycloak that is down or restarting would.</summary>
public sealed class IssuerAvailability
{
    private volatile bool _available = true;

    public bool IsAvailable => _available;

    public void TakeDown() => _available = false;

    public void BringUp() => _available = true;
}

/// <summary>The realm being served and the options it is served with, as resolved at registration.</summary>
internal sealed record KeycloakIssuerSettings(KeycloakRealm Realm, KeycloakIssuerOptions Options)
{
    public string RealmPath => "/realms/" + Realm.Name;

    public TimeSpan LifetimeFor(RealmClient client) =>
        Options.AccessTokenLifetime ?? client.AccessTokenLifespan ?? Realm.AccessTokenLifespan;
}
