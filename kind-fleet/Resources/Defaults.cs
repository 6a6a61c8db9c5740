using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Resources;

/// <summary>The defaulting the apiserver applies on create, for the built-in kinds that need it.</summary>
internal static class Defaults
{
    public static void Apply(ResourceType type, JsonObject obj, SimulatedCluster cluster)
    {
        switch (type.Group, type.Plural)
        {
            case ("", "pods"):
                Pod(obj);
                break;
            case ("apps", "deployments"):
                var spec = obj.Child("spec");
                spec["replicas"] ??= 1;
                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                spec["strategy"] ??= new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
                };
                break;
            case ("apps", "replicasets"):
                obj.Child("spec")["replicas"] ??= 1;
                break;
            case ("apps", "statefulsets"):
                var sts = obj.Child("spec");
                sts["replicas"] ??= 1;
                sts["podManagementPolicy"] ??= "OrderedReady";
                sts["revisionHistoryLimit"] ??= 10;
                sts["updateStrategy"] ??= new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } };
                break;
            case ("apps", "daemonsets"):
                var ds = obj.Child("spec");
                ds["revisionHistoryLimit"] ??= 10;
                ds["updateStrategy"] ??= new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 },
                };
                break;
            case ("", "services"):
                Service(obj, cluster);
                break;
            case ("", "namespaces"):
                obj.Child("status")["phase"] = "Active";
                break;
            case ("", "secrets"):
                Secret(obj);
                break;
        }
    }

    private static void Pod(JsonObject pod)
    {
        var spec = pod.Child("spec");
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["serviceAccountName"] ??= "default";
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        foreach (var c in spec["containers"].Objects())
        {
            c["imagePullPolicy"] ??= (c.Str("image") ?? "").EndsWith(":latest", StringComparison.Ordinal) ? "Always" : "IfNotPresent";
            c["terminationMessagePath"] ??= "/dev/termination-log";
        }

        var status = pod.Child("status");
        status["phase"] ??= "Pending";
        status["qosClass"] ??= spec["containers"].Objects().All(c => c["resources"]?["limits"] is JsonObject) ? "Burstable" : "BestEffort";
    }

    private static void Service(JsonObject svc, SimulatedCluster cluster)
    {
        var spec = svc.Child("spec");
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        if (spec.Str("clusterIP") is null)
        {
            var hash = (uint)StableHash(cluster.Name + "/" + svc.Metadata().Str("namespace") + "/" + svc.Metadata().Str("name"));
            var ip = $"10.96.{hash % 250}.{(hash / 250 % 250) + 2}";
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
        }

        foreach (var port in spec["ports"].Objects())
        {
            port["protocol"] ??= "TCP";
            port["targetPort"] ??= port["port"]?.DeepClone();
        }
    }

    private static void Secret(JsonObject secret)
    {
        secret["type"] ??= "Opaque";
        if (secret["stringData"] is JsonObject plain)
        {
            var data = secret.Child("data");
            foreach (var (key, value) in plain)
            {
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value.ScalarText() ?? ""));
            }

            secret.Remove("stringData");
        }
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var ch in text)
        {
            hash = unchecked((hash * 31) + ch);
        }

        return hash;
    }
}
