using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>What every simulated cluster has when it starts: system namespaces, default ServiceAccounts and nodes.</summary>
internal static class Baseline
{
    public static readonly IReadOnlyList<string> SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public static void SeedCluster(SimulatedCluster cluster)
    {
        foreach (var ns in SystemNamespaces)
        {
            cluster.Apply(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ns, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = ns } },
                ["status"] = new JsonObject { ["phase"] = "Active" },
            });
        }

        var workers = cluster.Name == SimulatedFleet.HubName ? 1 : 3;
        cluster.Apply(Node(cluster.Name + "-control-plane", controlPlane: true));
        for (var i = 1; i <= workers; i++)
        {
            cluster.Apply(Node($"{cluster.Name}-worker-{i}", controlPlane: false));
        }
    }

    public static JsonObject Node(string name, bool controlPlane)
    {
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
        };
        if (controlPlane)
        {
            labels["node-role.kubernetes.io/control-plane"] = "";
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = controlPlane
                ? new JsonObject { ["taints"] = new JsonArray(new JsonObject { ["key"] = "node-role.kubernetes.io/control-plane", ["effect"] = "NoSchedule" }) }
                : new JsonObject(),
            ["status"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["cpu"] = "8", ["memory"] = "32Gi", ["pods"] = "110" },
                ["allocatable"] = new JsonObject { ["cpu"] = "7800m", ["memory"] = "31Gi", ["pods"] = "110" },
                ["conditions"] = new JsonArray(
                    Condition("MemoryPressure", "False", "KubeletHasSufficientMemory"),
                    Condition("DiskPressure", "False", "KubeletHasNoDiskPressure"),
                    Condition("PIDPressure", "False", "KubeletHasSufficientPID"),
                    Condition("Ready", "True", "KubeletReady")),
                ["nodeInfo"] = new JsonObject
                {
                    ["kubeletVersion"] = ApiServer.Discovery.KubernetesVersion,
                    ["kubeProxyVersion"] = ApiServer.Discovery.KubernetesVersion,
                    ["kernelVersion"] = "6.1.0-28-amd64",
                    // The Python client (and so kubernetes.core's k8s_drain) rejects a NodeSystemInfo without these.
                    ["bootID"] = StableId(name, "boot"),
                    ["machineID"] = StableId(name, "machine"),
                    ["systemUUID"] = StableId(name, "system"),
                    ["containerRuntimeVersion"] = "containerd://1.7.18",
                    ["osImage"] = "Debian GNU/Linux 12 (bookworm)",
                    ["architecture"] = "amd64",
                    ["operatingSystem"] = "linux",
                },
                ["addresses"] = new JsonArray(new JsonObject { ["type"] = "Hostname", ["address"] = name }),
            },
        };
    }

    private static string StableId(string node, string purpose) =>
        new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(node + "/" + purpose))).ToString();

    private static JsonObject Condition(string type, string status, string reason) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["reason"] = reason,
        ["message"] = reason,
    };
}
