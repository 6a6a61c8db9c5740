using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>
/// Renders an AddOnTemplate's agent manifests for one cluster (contracts.md §1.6): <c>{{NAME}}</c> placeholders in string
/// values are replaced; built-in defaults &lt; the ClusterManagementAddOn's default AddOnDeploymentConfig &lt; the
/// ManagedClusterAddOn's own AddOnDeploymentConfig &lt; built-in constants (<c>CLUSTER_NAME</c>).
/// </summary>
internal static class AddOnTemplateRenderer
{
    public const string DefaultHubKubeconfig = "/managed/hub-kubeconfig/kubeconfig";

    public static IReadOnlyDictionary<string, string> Variables(SimulatedCluster hub, JsonObject cma, JsonObject? mca, string cluster)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HUB_KUBECONFIG"] = DefaultHubKubeconfig,
            ["INSTALL_NAMESPACE"] = OcmNames.AgentAddonNamespace,
        };
        var defaults = cma["spec"]?["supportedConfigs"].Objects().FirstOrDefault(IsDeploymentConfig)?["defaultConfig"];
        foreach (var config in new[] { defaults, mca?["spec"]?["configs"].Objects().FirstOrDefault(IsDeploymentConfig) })
        {
            if (config is null || hub.Store.Get(OcmNames.AddOnDeploymentConfigs, config.Str("namespace") ?? "", config.Str("name") ?? "") is not { } adc)
            {
                continue;
            }

            foreach (var v in adc["spec"]?["customizedVariables"].Objects() ?? [])
            {
                if (v.Str("name") is { } name)
                {
                    variables[name] = v.Str("value") ?? "";
                }
            }

            if (adc["spec"].Str("agentInstallNamespace") is { Length: > 0 } installNamespace)
            {
                variables["INSTALL_NAMESPACE"] = installNamespace;
            }
        }

        variables["CLUSTER_NAME"] = cluster;
        return variables;
    }

    public static JsonArray Render(JsonObject template, IReadOnlyDictionary<string, string> variables)
    {
        var manifests = template["spec"]?["agentSpec"]?["workload"]?["manifests"]?.DeepClone() as JsonArray ?? [];
        Substitute(manifests, variables);
        return manifests;
    }

    private static bool IsDeploymentConfig(JsonObject config) =>
        config.Str("group") == OcmNames.AddonGroup && config.Str("resource") == OcmNames.AddOnDeploymentConfigs.Resource;

    private static void Substitute(JsonNode? node, IReadOnlyDictionary<string, string> variables)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    if (o[key] is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        o[key] = Replace(s, variables);
                    }
                    else
                    {
                        Substitute(o[key], variables);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        a[i] = Replace(s, variables);
                    }
                    else
                    {
                        Substitute(a[i], variables);
                    }
                }

                break;
        }
    }

    private static string Replace(string text, IReadOnlyDictionary<string, string> variables)
    {
        foreach (var (name, value) in variables)
        {
            text = text.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Deployments of the rendered agent and whether each has all its replicas ready on the spoke.</summary>
    public static IEnumerable<(string Namespace, string Name, bool Ready)> DeploymentHealth(SimulatedCluster spoke, JsonArray manifests) =>
        manifests.Objects()
            .Where(m => m.Str("kind") == "Deployment")
            .Select(m =>
            {
                var ns = m.Metadata().Str("namespace") ?? "default";
                var name = m.Metadata().Str("name") ?? "";
                var live = spoke.Store.Get(new GroupResource("apps", "deployments"), ns, name);
                var wanted = live?["spec"].Long("replicas") ?? 1;
                return (ns, name, live is not null && (live["status"].Long("readyReplicas") ?? 0) >= wanted);
            });
}
