using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Identity;

/// <summary>
/// Reads a Keycloak realm export (the JSON that <c>kc.sh export</c> writes and the admin console imports), so
/// the dev issuer and a real Keycloak are configured from one file.
/// </summary>
public static class RealmExportReader
{
    /// <summary>The realm export shipped in <c>ocm-manifests/keycloak/kubernaut-realm.json</c>, embedded at build time.</summary>
    public static KeycloakRealm LoadEmbeddedKubernautRealm()
    {
        using var stream = typeof(RealmExportReader).Assembly.GetManifestResourceStream("Kubernaut.KindFleet.Identity.kubernaut-realm.json")
            ?? throw new InvalidOperationException("the kubernaut realm export is not embedded in kind-fleet");
        return Read(JsonNode.Parse(stream)?.AsObject() ?? throw new InvalidOperationException("empty realm export"));
    }

    public static KeycloakRealm ReadFile(string path) =>
        Read(JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidOperationException($"{path}: empty realm export"));

    public static KeycloakRealm Read(JsonObject export)
    {
        var name = export["realm"]?.GetValue<string>() ?? throw new InvalidOperationException("realm export has no \"realm\" name");
        var lifespan = TimeSpan.FromSeconds(export["accessTokenLifespan"]?.GetValue<int>() ?? 300);
        var composites = ReadRealmComposites(export);
        var accounts = (export["users"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(u => u["serviceAccountClientId"] is not null)
            .ToDictionary(u => u["serviceAccountClientId"]!.GetValue<string>(), u => ReadServiceAccount(u, composites), StringComparer.Ordinal);

        var clients = new Dictionary<string, RealmClient>(StringComparer.Ordinal);
        foreach (var client in (export["clients"]?.AsArray() ?? []).OfType<JsonObject>())
        {
            var clientId = client["clientId"]!.GetValue<string>();
            clients[clientId] = new RealmClient(
                clientId,
                client["enabled"]?.GetValue<bool>() ?? true,
                client["publicClient"]?.GetValue<bool>() == true ? null : client["secret"]?.GetValue<string>(),
                client["serviceAccountsEnabled"]?.GetValue<bool>() ?? false,
                ReadAudienceMappers(client),
                Strings(client["defaultClientScopes"]),
                Strings(client["optionalClientScopes"]),
                client["attributes"]?["access.token.lifespan"]?.GetValue<string>() is { Length: > 0 } seconds
                    ? TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture))
                    : null,
                accounts.GetValueOrDefault(clientId));
        }

        return new KeycloakRealm(name, lifespan, clients);
    }

    // Keycloak's "oidc-audience-mapper": included.client.audience names a client of the realm,
    // included.custom.audience any string.
    private static List<string> ReadAudienceMappers(JsonObject client) =>
        (client["protocolMappers"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(m => m["protocolMapper"]?.GetValue<string>() == "oidc-audience-mapper"
                && m["config"]?["access.token.claim"]?.GetValue<string>() != "false")
            .Select(m => m["config"]?["included.client.audience"]?.GetValue<string>() ?? m["config"]?["included.custom.audience"]?.GetValue<string>())
            .OfType<string>()
            .ToList();

    private static ServiceAccount ReadServiceAccount(JsonObject user, IReadOnlyDictionary<string, IReadOnlyList<string>> composites)
    {
        var realmRoles = new List<string>();
        foreach (var role in Strings(user["realmRoles"]))
        {
            Expand(role, composites, realmRoles);
        }

        var clientRoles = (user["clientRoles"]?.AsObject() ?? [])
            .ToDictionary(p => p.Key, p => (IReadOnlyList<string>)Strings(p.Value), StringComparer.Ordinal);
        return new ServiceAccount(
            user["id"]?.GetValue<string>() ?? Guid.NewGuid().ToString(),
            user["username"]!.GetValue<string>(),
            realmRoles,
            clientRoles);
    }

    private static void Expand(string role, IReadOnlyDictionary<string, IReadOnlyList<string>> composites, List<string> into)
    {
        if (into.Contains(role, StringComparer.Ordinal))
        {
            return;
        }

        into.Add(role);
        foreach (var child in composites.GetValueOrDefault(role) ?? [])
        {
            Expand(child, composites, into);
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> ReadRealmComposites(JsonObject export) =>
        (export["roles"]?["realm"]?.AsArray() ?? [])
            .OfType<JsonObject>()
            .Where(r => r["composite"]?.GetValue<bool>() == true)
            .ToDictionary(r => r["name"]!.GetValue<string>(), r => (IReadOnlyList<string>)Strings(r["composites"]?["realm"]), StringComparer.Ordinal);

    private static List<string> Strings(JsonNode? node) =>
        (node?.AsArray() ?? []).Select(n => n?.GetValue<string>()).OfType<string>().ToList();
}
