using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Workflows;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Execution;

/// <summary>The token and CA the ManagedServiceAccount's Secret holds; never persisted, never logged.</summary>
internal sealed record SpokeCredential(string Token, string? CaPem);

/// <summary>
/// The ephemeral identity on the OCM hub (contracts.md §3): a ManagedServiceAccount (v1beta1) in the cluster's
/// namespace, whose token the addon reports into Secret <c>{cluster}/{name}</c>, and a ClusterPermission that binds
/// exactly the workflow's rules to it, in the target namespace (and cluster-wide for clusterRules). Creates treat
/// AlreadyExists as done and deletes treat NotFound as done, so every call can be repeated after a crash. Each identity
/// is labelled with the hub's namespace too: several hubs (one per namespace) may share an OCM hub, and each sweeps
/// only its own leftovers.
/// </summary>
internal sealed class EphemeralAccess(IKubernetes hub, IOptions<HubOptions> hubOptions)
{
    public const string RemediationLabel = "kubernaut.ai/remediation";
    public const string HubNamespaceLabel = "kubernaut.ai/hub-namespace";
    private const string MsaGroup = "authentication.open-cluster-management.io";
    private const string MsaVersion = "v1beta1";
    private const string MsaPlural = "managedserviceaccounts";
    private const string PermissionGroup = "rbac.open-cluster-management.io";
    private const string PermissionVersion = "v1alpha1";
    private const string PermissionPlural = "clusterpermissions";

    public Task CreateServiceAccountAsync(string cluster, string name, string remediation, TimeSpan validity, TimeSpan ttl, CancellationToken ct) =>
        CreateAsync(MsaGroup, MsaVersion, cluster, MsaPlural, new JsonObject
        {
            ["apiVersion"] = $"{MsaGroup}/{MsaVersion}",
            ["kind"] = "ManagedServiceAccount",
            ["metadata"] = Metadata(cluster, name, remediation),
            ["spec"] = ttl > TimeSpan.Zero
                ? new JsonObject
                {
                    ["rotation"] = new JsonObject { ["enabled"] = true, ["validity"] = GoDuration(validity) },
                    // A backstop only (needs the addon's EphemeralIdentity gate): the executor deletes it itself.
                    ["ttlSecondsAfterCreation"] = (long)Math.Ceiling(ttl.TotalSeconds),
                }
                : new JsonObject { ["rotation"] = new JsonObject { ["enabled"] = true, ["validity"] = GoDuration(validity) } },
        }, ct);

    public Task CreatePermissionAsync(string cluster, string name, string serviceAccount, string remediation, string targetNamespace, ResolvedRbac rbac,
        CancellationToken ct)
    {
        var subject = new JsonObject { ["apiGroup"] = MsaGroup, ["kind"] = "ManagedServiceAccount", ["name"] = serviceAccount };
        var spec = new JsonObject { ["validate"] = false };
        if (rbac.Rules.Count > 0)
        {
            spec["roles"] = new JsonArray(new JsonObject { ["namespace"] = targetNamespace, ["rules"] = Rules(rbac.Rules) });
            spec["roleBindings"] = new JsonArray(new JsonObject
            {
                ["namespace"] = targetNamespace,
                ["roleRef"] = new JsonObject { ["kind"] = "Role" },
                ["subject"] = subject.DeepClone(),
            });
        }

        if (rbac.ClusterRules.Count > 0)
        {
            spec["clusterRole"] = new JsonObject { ["rules"] = Rules(rbac.ClusterRules) };
            spec["clusterRoleBinding"] = new JsonObject { ["subject"] = subject.DeepClone() };
        }

        return CreateAsync(PermissionGroup, PermissionVersion, cluster, PermissionPlural, new JsonObject
        {
            ["apiVersion"] = $"{PermissionGroup}/{PermissionVersion}",
            ["kind"] = "ClusterPermission",
            ["metadata"] = Metadata(cluster, name, remediation),
            ["spec"] = spec,
        }, ct);
    }

    /// <summary>The token, once the addon has reported it and the RBAC is applied on the spoke; null while either is pending.</summary>
    public async Task<(SpokeCredential? Credential, string Waiting)> ReadyAsync(string cluster, string serviceAccount, string permission, CancellationToken ct)
    {
        var msa = await GetAsync(MsaGroup, MsaVersion, cluster, MsaPlural, serviceAccount, ct);
        if (msa is null)
        {
            return (null, $"ManagedServiceAccount {cluster}/{serviceAccount} is gone");
        }

        if (!ConditionTrue(msa.Value, "TokenReported"))
        {
            return (null, $"waiting for the token of ManagedServiceAccount {cluster}/{serviceAccount}" + ConditionMessage(msa.Value, "TokenReported"));
        }

        var perm = await GetAsync(PermissionGroup, PermissionVersion, cluster, PermissionPlural, permission, ct);
        if (perm is null || !ConditionTrue(perm.Value, "Applied"))
        {
            return (null, $"waiting for ClusterPermission {cluster}/{permission} to be applied on the spoke");
        }

        try
        {
            var secret = await hub.CoreV1.ReadNamespacedSecretAsync(serviceAccount, cluster, cancellationToken: ct);
            if (secret.Data?.TryGetValue("token", out var token) != true || token!.Length == 0)
            {
                return (null, $"waiting for Secret {cluster}/{serviceAccount} to hold the token");
            }

            var ca = secret.Data.TryGetValue("ca.crt", out var caBytes) ? Encoding.UTF8.GetString(caBytes) : null;
            return (new SpokeCredential(Encoding.UTF8.GetString(token), ca), "");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, $"waiting for Secret {cluster}/{serviceAccount}");
        }
    }

    public Task DeletePermissionAsync(string cluster, string name, CancellationToken ct) => DeleteAsync(PermissionGroup, PermissionVersion, cluster, PermissionPlural, name, ct);

    public Task DeleteServiceAccountAsync(string cluster, string name, CancellationToken ct) => DeleteAsync(MsaGroup, MsaVersion, cluster, MsaPlural, name, ct);

    /// <summary>ManagedServiceAccounts and ClusterPermissions the executor made (labelled), in every cluster namespace: (cluster, name, remediation).</summary>
    public async Task<IReadOnlyList<(string Kind, string Cluster, string Name, string Remediation)>> ListOwnedAsync(CancellationToken ct)
    {
        var found = new List<(string, string, string, string)>();
        foreach (var (kind, group, version, plural) in new[] { ("ManagedServiceAccount", MsaGroup, MsaVersion, MsaPlural), ("ClusterPermission", PermissionGroup, PermissionVersion, PermissionPlural) })
        {
            var list = await hub.CustomObjects.ListClusterCustomObjectAsync<JsonElement>(group, version, plural, labelSelector: $"{RemediationLabel},{HubNamespaceLabel}={hubOptions.Value.Namespace}", cancellationToken: ct);
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                var meta = item.GetProperty("metadata");
                found.Add((kind, meta.GetProperty("namespace").GetString()!, meta.GetProperty("name").GetString()!,
                    meta.GetProperty("labels").GetProperty(RemediationLabel).GetString()!));
            }
        }

        return found;
    }

    private JsonObject Metadata(string cluster, string name, string remediation) => new()
    {
        ["name"] = name,
        ["namespace"] = cluster,
        ["labels"] = new JsonObject
        {
            [RemediationLabel] = remediation,
            [HubNamespaceLabel] = hubOptions.Value.Namespace,
            ["app.kubernetes.io/managed-by"] = "kubernaut-hub",
        },
    };

    private static JsonArray Rules(IReadOnlyList<PolicyRule> rules) =>
        JsonSerializer.SerializeToNode(rules, Remediation.RemediationStore.Json)!.AsArray();

    private async Task CreateAsync(string group, string version, string ns, string plural, JsonObject body, CancellationToken ct)
    {
        try
        {
            await hub.CustomObjects.CreateNamespacedCustomObjectAsync(body, group, version, ns, plural, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Created before a crash (the name is the idempotency key): it is ours.
        }
    }

    private async Task<JsonElement?> GetAsync(string group, string version, string ns, string plural, string name, CancellationToken ct)
    {
        try
        {
            return await hub.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(group, version, ns, plural, name, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task DeleteAsync(string group, string version, string ns, string plural, string name, CancellationToken ct)
    {
        try
        {
            await hub.CustomObjects.DeleteNamespacedCustomObjectAsync(group, version, ns, plural, name, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    private static bool ConditionTrue(JsonElement obj, string type) =>
        Conditions(obj).Any(c => c.TryGetProperty("type", out var t) && t.GetString() == type && c.TryGetProperty("status", out var s) && s.GetString() == "True");

    private static string ConditionMessage(JsonElement obj, string type) =>
        Conditions(obj).FirstOrDefault(c => c.TryGetProperty("type", out var t) && t.GetString() == type) is { ValueKind: JsonValueKind.Object } c
        && c.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } text ? $" ({text})" : "";

    private static IEnumerable<JsonElement> Conditions(JsonElement obj) =>
        obj.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array
            ? conditions.EnumerateArray()
            : [];

    private static string GoDuration(TimeSpan t) => $"{(int)t.TotalHours}h{t.Minutes}m{t.Seconds}s";
}
