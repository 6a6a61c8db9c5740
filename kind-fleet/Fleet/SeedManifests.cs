using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>One application of the seed: its image, size, resources, port and the config it reads.</summary>
internal sealed record SeedApp(string Name, string Image, int Replicas, string MemoryRequest = "128Mi", string MemoryLimit = "256Mi",
    string CpuRequest = "100m", int Port = 8080, string? ConfigMap = null, string Tier = "backend");

/// <summary>The manifests of the seed's applications, as a team would write them.</summary>
internal static class SeedManifests
{
    public static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name, ["environment"] = name } },
    };

    public static JsonObject Deployment(string ns, SeedApp app)
    {
        var container = Container(app);
        var volumes = new JsonArray();
        if (app.ConfigMap is { } cm)
        {
            container["envFrom"] = new JsonArray(new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = cm } });
            container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "config", ["mountPath"] = $"/etc/{app.Name}", ["readOnly"] = true });
            volumes.Add(new JsonObject { ["name"] = "config", ["configMap"] = new JsonObject { ["name"] = cm } });
        }

        var podSpec = new JsonObject { ["containers"] = new JsonArray(container), ["terminationGracePeriodSeconds"] = 30 };
        if (volumes.Count > 0)
        {
            podSpec["volumes"] = volumes;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = app.Name, ["namespace"] = ns, ["labels"] = Labels(app) },
            ["spec"] = new JsonObject
            {
                ["replicas"] = app.Replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app.Name } },
                ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = Labels(app) }, ["spec"] = podSpec },
            },
        };
    }

    public static JsonObject StatefulSet(string ns, SeedApp app, string storage)
    {
        var container = Container(app);
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "data", ["mountPath"] = "/data" });
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
            ["metadata"] = new JsonObject { ["name"] = app.Name, ["namespace"] = ns, ["labels"] = Labels(app) },
            ["spec"] = new JsonObject
            {
                ["replicas"] = app.Replicas,
                ["serviceName"] = app.Name,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app.Name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = Labels(app) },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(container), ["terminationGracePeriodSeconds"] = 30 },
                },
                ["volumeClaimTemplates"] = new JsonArray(new JsonObject
                {
                    ["metadata"] = new JsonObject { ["name"] = "data" },
                    ["spec"] = new JsonObject
                    {
                        ["accessModes"] = new JsonArray("ReadWriteOnce"),
                        ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = storage } },
                    },
                }),
            },
        };
    }

    /// <summary>A Service in front of the app; StatefulSets get a headless one, as their stable pod DNS needs.</summary>
    public static JsonObject Service(string ns, SeedApp app, bool headless = false)
    {
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = app.Name },
            ["ports"] = new JsonArray(new JsonObject
            {
                ["name"] = app.Tier == "data" ? "tcp" : "http",
                ["port"] = app.Tier == "data" ? app.Port : 80,
                ["targetPort"] = app.Tier == "data" ? app.Port : "http",
                ["protocol"] = "TCP",
            }),
        };
        if (headless)
        {
            spec["clusterIP"] = "None";
            spec["clusterIPs"] = new JsonArray("None");
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = app.Name, ["namespace"] = ns, ["labels"] = Labels(app) },
            ["spec"] = spec,
        };
    }

    public static JsonObject ConfigMap(string ns, string name, string app, IReadOnlyDictionary<string, string> data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = app } },
        ["data"] = new JsonObject([.. data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
    };

    private static JsonObject Labels(SeedApp app) => new()
    {
        ["app"] = app.Name,
        ["app.kubernetes.io/name"] = app.Name,
        ["app.kubernetes.io/part-of"] = app.Tier == "data" ? "data" : "shop",
        ["tier"] = app.Tier,
    };

    private static JsonObject Container(SeedApp app)
    {
        var container = new JsonObject
        {
            ["name"] = app.Name,
            ["image"] = app.Image,
            ["ports"] = new JsonArray(new JsonObject { ["name"] = app.Tier == "data" ? "tcp" : "http", ["containerPort"] = app.Port, ["protocol"] = "TCP" }),
            ["resources"] = new JsonObject
            {
                ["requests"] = new JsonObject { ["cpu"] = app.CpuRequest, ["memory"] = app.MemoryRequest },
                ["limits"] = new JsonObject { ["memory"] = app.MemoryLimit },
            },
        };
        if (app.Tier != "data")
        {
            container["readinessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/healthz/ready", ["port"] = "http" },
                ["periodSeconds"] = 10,
            };
            container["livenessProbe"] = new JsonObject
            {
                ["httpGet"] = new JsonObject { ["path"] = "/healthz/live", ["port"] = "http" },
                ["periodSeconds"] = 10,
                ["failureThreshold"] = 3,
            };
        }

        return container;
    }
}
