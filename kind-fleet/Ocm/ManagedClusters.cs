using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.ApiServer;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Ocm;

/// <summary>A ManagedCluster as the registration agent of a joined, accepted and healthy spoke reports it.</summary>
internal static class ManagedClusters
{
    public static JsonObject Describe(SimulatedCluster spoke, string clusterSet)
    {
        var now = spoke.Time.GetUtcNow();
        var (env, region) = EnvironmentOf(spoke.Name);
        var status = new JsonObject();
        OcmConditions.Set(status, "HubAcceptedManagedCluster", true, "HubClusterAdminAccepted", "Accepted by hub cluster admin", now);
        OcmConditions.Set(status, "ManagedClusterJoined", true, "ManagedClusterJoined", "Managed cluster joined", now);
        OcmConditions.Set(status, "ManagedClusterConditionAvailable", true, "ManagedClusterAvailable", "Managed cluster is available", now);
        var (capacity, allocatable) = Resources(spoke);
        status["capacity"] = capacity;
        status["allocatable"] = allocatable;
        status["version"] = new JsonObject { ["kubernetes"] = Discovery.KubernetesVersion };
        status["clusterClaims"] = new JsonArray(
            Claim("id.k8s.io", spoke.Store.Get(OcmNames.Namespaces, "", "kube-system")?.Metadata().Str("uid") ?? spoke.Name),
            Claim("kubeversion.open-cluster-management.io", Discovery.KubernetesVersion),
            Claim("platform.open-cluster-management.io", "Other"),
            Claim("product.open-cluster-management.io", "Kind"));
        return new JsonObject
        {
            ["apiVersion"] = $"{OcmNames.ClusterGroup}/v1",
            ["kind"] = "ManagedCluster",
            ["metadata"] = new JsonObject
            {
                ["name"] = spoke.Name,
                ["labels"] = new JsonObject
                {
                    [OcmNames.ClusterSetLabel] = clusterSet,
                    ["name"] = spoke.Name,
                    ["env"] = env,
                    ["region"] = region,
                    ["cloud"] = "Other",
                    ["vendor"] = "Kind",
                    ["feature.open-cluster-management.io/addon-cluster-proxy"] = "available",
                    ["feature.open-cluster-management.io/addon-managed-serviceaccount"] = "available",
                },
            },
            ["spec"] = new JsonObject { ["hubAcceptsClient"] = true, ["leaseDurationSeconds"] = 60 },
            ["status"] = status,
        };
    }

    /// <summary>Cluster names read <c>&lt;env&gt;-&lt;region&gt;</c> (prod-us-east); a bare name is its own environment.</summary>
    public static (string Env, string Region) EnvironmentOf(string cluster)
    {
        var dash = cluster.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (cluster, "local") : (cluster[..dash], cluster[(dash + 1)..]);
    }

    private static JsonObject Claim(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static (JsonObject Capacity, JsonObject Allocatable) Resources(SimulatedCluster spoke)
    {
        var nodes = spoke.Store.List(new GroupResource("", "nodes"), null).Items;
        JsonObject Sum(string field) => new()
        {
            ["cpu"] = Format(nodes.Sum(n => Quantity(n["status"]?[field].Str("cpu"), milli: true)), milli: true),
            ["memory"] = Format(nodes.Sum(n => Quantity(n["status"]?[field].Str("memory"), milli: false)), milli: false),
        };
        return (Sum("capacity"), Sum("allocatable"));
    }

    /// <summary>CPU in millicores, memory in bytes; the suffixes nodes report.</summary>
    private static decimal Quantity(string? text, bool milli)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var (number, factor) = text switch
        {
            _ when text.EndsWith("Gi", StringComparison.Ordinal) => (text[..^2], 1024m * 1024 * 1024),
            _ when text.EndsWith("Mi", StringComparison.Ordinal) => (text[..^2], 1024m * 1024),
            _ when text.EndsWith("Ki", StringComparison.Ordinal) => (text[..^2], 1024m),
            _ when text.EndsWith('m') => (text[..^1], 1m),
            _ => (text, milli ? 1000m : 1m),
        };
        return decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value * factor : 0;
    }

    private static string Format(decimal value, bool milli)
    {
        if (milli)
        {
            return value % 1000 == 0 ? (value / 1000).ToString("0", CultureInfo.InvariantCulture) : value.ToString("0", CultureInfo.InvariantCulture) + "m";
        }

        const decimal gi = 1024m * 1024 * 1024;
        return value % gi == 0 ? (value / gi).ToString("0", CultureInfo.InvariantCulture) + "Gi" : (value / (1024m * 1024)).ToString("0", CultureInfo.InvariantCulture) + "Mi";
    }
}
