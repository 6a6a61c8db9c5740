using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Awx;

/// <summary>
/// What the hub arranges on a spoke before a job: a ServiceAccount bound to exactly the workflow's rules, and a
/// short-lived token minted for it through the spoke's TokenRequest API. Applied with the machine's kubectl.
/// </summary>
internal sealed class SpokeAccess(AwxFleetFixture fleet, string cluster)
{
    public Task ApplyAsync(JsonObject manifest) => ApplyYamlAsync(manifest.ToJsonString());

    /// <summary>Applies a manifest (YAML, or JSON which is YAML too).</summary>
    public async Task ApplyYamlAsync(string manifest)
    {
        var file = Path.Combine(Path.GetTempPath(), $"awx-manifest-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, manifest, TestContext.Current.CancellationToken);
        try
        {
            await Kubectl.OkAsync(fleet.KubeconfigPath, cluster, "apply", "-f", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public Task<string> GetAsync(params string[] args) => Kubectl.OkAsync(fleet.KubeconfigPath, cluster, ["get", .. args]);

    /// <summary>A ServiceAccount with a Role (and, for cluster-scoped kinds, a ClusterRole) holding exactly these rules; returns its token.</summary>
    public async Task<string> GrantAsync(string ns, string account, JsonArray rules, JsonArray? clusterRules = null)
    {
        await ApplyAsync(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = account, ["namespace"] = ns } });
        var subject = new JsonObject { ["kind"] = "ServiceAccount", ["name"] = account, ["namespace"] = ns };
        await ApplyAsync(new JsonObject { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "Role", ["metadata"] = Meta(account, ns), ["rules"] = rules });
        await ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = "RoleBinding",
            ["metadata"] = Meta(account, ns),
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Role", ["name"] = account },
            ["subjects"] = new JsonArray(subject.DeepClone()),
        });
        if (clusterRules is { Count: > 0 })
        {
            var name = $"{ns}-{account}";
            await ApplyAsync(new JsonObject { ["apiVersion"] = "rbac.authorization.k8s.io/v1", ["kind"] = "ClusterRole", ["metadata"] = new JsonObject { ["name"] = name }, ["rules"] = clusterRules });
            await ApplyAsync(new JsonObject
            {
                ["apiVersion"] = "rbac.authorization.k8s.io/v1",
                ["kind"] = "ClusterRoleBinding",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = name },
                ["subjects"] = new JsonArray(subject.DeepClone()),
            });
        }

        return (await Kubectl.OkAsync(fleet.KubeconfigPath, cluster, "create", "token", account, "-n", ns, "--duration", "10m")).Trim();
    }

    private static JsonObject Meta(string name, string ns) => new() { ["name"] = name, ["namespace"] = ns };
}
