using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// The managed-serviceaccount addon (hub controller + spoke agent, contracts.md §3.1): a ManagedServiceAccount
/// <c>&lt;cluster&gt;/&lt;name&gt;</c> gets ServiceAccount <c>&lt;name&gt;</c> in the spoke's addon namespace, a TokenRequest
/// token rotated at 80% of its lifetime, and hub Secret <c>&lt;cluster&gt;/&lt;name&gt;</c> (<c>token</c>, <c>ca.crt</c>).
/// When the ManagedServiceAccount goes (deleted, or its ttlSecondsAfterCreation ran out) the spoke ServiceAccount is
/// deleted, which invalidates the token, and the owned Secret is garbage-collected.
/// </summary>
internal sealed class ManagedServiceAccountController(SimulatedFleet fleet, FleetCertificate certificate) : IClusterController
{
    private static readonly TimeSpan DefaultValidity = TimeSpan.FromHours(8640);
    private static readonly TimeSpan MinimumValidity = TimeSpan.FromMinutes(10);

    public IReadOnlyCollection<GroupResource> Watches { get; } = [OcmNames.ManagedServiceAccounts, OcmNames.Secrets];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name == SimulatedFleet.HubName;

    public TimeSpan? Reconcile(SimulatedCluster hub)
    {
        var now = hub.Time.GetUtcNow();
        TimeSpan? next = null;
        var live = new HashSet<(string Cluster, string Name, string Uid)>();
        foreach (var msa in hub.Store.List(OcmNames.ManagedServiceAccounts, null).Items)
        {
            var meta = msa.Metadata();
            var (ns, name, uid) = (meta.Str("namespace") ?? "", meta.Str("name") ?? "", meta.Str("uid") ?? "");
            if (OcmStore.IsDeleting(msa) || OcmStore.Spoke(fleet, ns) is not { } spoke)
            {
                continue;
            }

            if (ExpiresAt(msa) is { } ttlEnd)
            {
                if (ttlEnd <= now)
                {
                    OcmStore.Delete(hub, OcmNames.ManagedServiceAccounts, ns, name);
                    continue;
                }

                next = Earliest(next, ttlEnd - now);
            }

            live.Add((ns, name, uid));
            next = Earliest(next, Reconcile(hub, spoke, msa, now));
        }

        CollectOrphans(hub, live);
        return next;
    }

    private TimeSpan? Reconcile(SimulatedCluster hub, SimulatedCluster spoke, JsonObject msa, DateTimeOffset now)
    {
        var name = msa.Metadata().Str("name") ?? "";
        var validity = GoDuration.Parse(msa["spec"]?["rotation"].Str("validity")) ?? DefaultValidity;
        var serviceAccount = EnsureServiceAccount(spoke, name);
        if (validity < MinimumValidity)
        {
            OcmStore.SetStatus(hub, msa, status => OcmConditions.Set(status, "TokenReported", false, "TokenReportFailed",
                $"failed to request token: spec.expirationSeconds: Invalid value: may not specify a duration less than 10 minutes", now));
            return null;
        }

        var secret = hub.Store.Get(OcmNames.Secrets, spoke.Name, name);
        var token = Decode(secret?["data"].Str("token"));
        var lastRefresh = Timestamp(msa["status"]?["tokenSecretRef"].Str("lastRefreshTimestamp"));
        var expiration = Timestamp(msa["status"].Str("expirationTimestamp"));
        var rotateAt = lastRefresh is { } from && expiration is { } to ? from + ((to - from) * 0.8) : (DateTimeOffset?)null;
        var valid = token is not null && spoke.Tokens.Authenticate(token, spoke.ServiceAccountUid) is not null;
        if (!valid || rotateAt is null || rotateAt <= now || OcmStore.OwnerUid(secret!, "ManagedServiceAccount") != msa.Metadata().Str("uid"))
        {
            var uid = serviceAccount.Metadata().Str("uid") ?? "";
            var (minted, expires) = spoke.Tokens.Issue(OcmNames.AgentAddonNamespace, name, uid, validity, []);
            WriteSecret(hub, msa, spoke.Name, name, minted);
            lastRefresh = now;
            expiration = expires;
            rotateAt = now + (validity * 0.8);
        }

        OcmStore.SetStatus(hub, msa, status =>
        {
            OcmConditions.Set(status, "SecretCreated", true, "SecretCreated", "", now);
            OcmConditions.Set(status, "TokenReported", true, "TokenReported", "", now);
            status["expirationTimestamp"] = ObjectStore.Timestamp(expiration!.Value);
            status["tokenSecretRef"] = new JsonObject { ["name"] = name, ["lastRefreshTimestamp"] = ObjectStore.Timestamp(lastRefresh!.Value) };
        });
        return rotateAt.Value - now;
    }

    private static JsonObject EnsureServiceAccount(SimulatedCluster spoke, string name)
    {
        OcmStore.EnsureNamespace(spoke, OcmNames.AgentAddonNamespace);
        return spoke.Store.Get(OcmNames.ServiceAccounts, OcmNames.AgentAddonNamespace, name) ?? OcmStore.Upsert(spoke, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ServiceAccount",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = OcmNames.AgentAddonNamespace,
                ["labels"] = new JsonObject { [OcmNames.ManagedServiceAccountLabel] = "true" },
            },
        });
    }

    private void WriteSecret(SimulatedCluster hub, JsonObject msa, string ns, string name, string token)
    {
        var desired = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { [OcmNames.ManagedServiceAccountLabel] = "true" },
                ["ownerReferences"] = new JsonArray(OcmStore.OwnerReference(msa)),
            },
            ["type"] = "Opaque",
            ["data"] = new JsonObject
            {
                ["token"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(token)),
                ["ca.crt"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.AuthorityPem)),
            },
        };
        OcmStore.Upsert(hub, desired);
    }

    /// <summary>Secrets whose ManagedServiceAccount is gone (ownerReference GC), and the spoke ServiceAccounts behind them.</summary>
    private void CollectOrphans(SimulatedCluster hub, HashSet<(string Cluster, string Name, string Uid)> live)
    {
        var secrets = hub.Store.List(OcmNames.Secrets, null, s => s.Metadata()["labels"].StringMap().GetValueOrDefault(OcmNames.ManagedServiceAccountLabel) == "true").Items;
        foreach (var secret in secrets)
        {
            var meta = secret.Metadata();
            var (ns, name) = (meta.Str("namespace") ?? "", meta.Str("name") ?? "");
            if (OcmStore.OwnerUid(secret, "ManagedServiceAccount") is { } owner && !live.Contains((ns, name, owner)))
            {
                OcmStore.Delete(hub, OcmNames.Secrets, ns, name);
            }
        }

        foreach (var spoke in fleet.Clusters.Where(c => c.Name != SimulatedFleet.HubName))
        {
            var accounts = spoke.Store.List(OcmNames.ServiceAccounts, OcmNames.AgentAddonNamespace,
                sa => sa.Metadata()["labels"].StringMap().GetValueOrDefault(OcmNames.ManagedServiceAccountLabel) == "true").Items;
            foreach (var sa in accounts)
            {
                var name = sa.Metadata().Str("name") ?? "";
                if (!live.Any(l => l.Cluster == spoke.Name && l.Name == name))
                {
                    OcmStore.Delete(spoke, OcmNames.ServiceAccounts, OcmNames.AgentAddonNamespace, name);
                }
            }
        }
    }

    private static DateTimeOffset? ExpiresAt(JsonObject msa) =>
        msa["spec"].Long("ttlSecondsAfterCreation") is > 0 and var ttl && Timestamp(msa.Metadata().Str("creationTimestamp")) is { } created
            ? created.AddSeconds(ttl)
            : null;

    private static DateTimeOffset? Timestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static string? Decode(string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
