using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.Bench.FleetScale;

/// <summary>A few workloads per cluster, written straight into the store (no controllers needed to measure the API).</summary>
internal static class FleetWorkloads
{
    public const string Namespace = "bench";

    public static void Seed(SimulatedCluster cluster, int deployments)
    {
        cluster.Apply(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = Namespace },
        });
        for (var d = 0; d < deployments; d++)
        {
            var app = $"svc-{d}";
            cluster.Apply(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = app + "-config", ["namespace"] = Namespace },
                ["data"] = new JsonObject { ["LOG_LEVEL"] = "info", ["POOL_SIZE"] = "16" },
            });
            cluster.Apply(new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new JsonObject { ["name"] = app, ["namespace"] = Namespace, ["labels"] = new JsonObject { ["app"] = app } },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = 3,
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } },
                    ["template"] = PodTemplate(app),
                },
            });
            for (var p = 0; p < 3; p++)
            {
                var pod = PodTemplate(app);
                pod["metadata"]!["name"] = $"{app}-{p}";
                pod["metadata"]!["namespace"] = Namespace;
                pod["spec"]!["nodeName"] = $"{cluster.Name}-worker-{(p % 3) + 1}";
                pod["apiVersion"] = "v1";
                pod["kind"] = "Pod";
                pod["status"] = new JsonObject { ["phase"] = "Running", ["podIP"] = $"10.244.{d}.{p + 10}" };
                cluster.Apply(pod);
            }
        }
    }

    private static JsonObject PodTemplate(string app) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = app,
                ["image"] = $"registry.example/{app}:1.0.0",
                ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = "512Mi", ["cpu"] = "500m" } },
            }),
        },
    };
}
