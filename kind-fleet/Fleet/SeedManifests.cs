using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>One application of the seed: its image, size, resources, port and the config it reads.</summary>
/// <param name="Rps">Requests per second the simulated outside world sends to its Service (annotation kubernaut.ai/simulated-rps).</param>
internal sealed record SeedApp(string Name, string Image, int Replicas, string MemoryRequest = "128Mi", string MemoryLimit = "256Mi",
    string CpuRequest = "100m", int Port = 8080, string? ConfigMap = null, string Tier = "backend", double Rps = 0, string? CpuLimit = null,
    IReadOnlyDictionary<string, string>? Env = null, string? Secret = null);

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

        var metadata = new JsonObject { ["name"] = app.Name, ["namespace"] = ns, ["labels"] = Labels(app) };
        if (app.Rps > 0)
        {
            metadata["annotations"] = new JsonObject { ["kubernaut.ai/simulated-rps"] = app.Rps.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = metadata,
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

    public static JsonObject Secret(string ns, string name, IReadOnlyDictionary<string, string> data) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Secret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["type"] = "Opaque",
        ["data"] = new JsonObject([.. data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(kv.Value))))]),
    };

    /// <summary>An autoscaling/v2 HPA on a Deployment's average CPU utilisation.</summary>
    public static JsonObject CpuAutoscaler(string ns, string deployment, int min, int max, int targetPercent) => new()
    {
        ["apiVersion"] = "autoscaling/v2",
        ["kind"] = "HorizontalPodAutoscaler",
        ["metadata"] = new JsonObject { ["name"] = deployment, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = deployment },
            ["minReplicas"] = min,
            ["maxReplicas"] = max,
            ["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = targetPercent },
                },
            }),
        },
    };

    /// <summary>
    /// A saved ConfigMap revision (ControllerRevision &lt;cm&gt;-v&lt;N&gt;, the fleet's convention): its data is the patch that
    /// restores it, <c>{"data": {...}}</c>, as ConfigMapRevisionController records revisions and rollback-config reads them.
    /// </summary>
    public static JsonObject ConfigRevision(JsonObject configMap, int revision, JsonObject data)
    {
        var name = configMap["metadata"]!["name"]!.GetValue<string>();
        var text = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ControllerRevision",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{name}-v{text}",
                ["namespace"] = configMap["metadata"]!["namespace"]!.GetValue<string>(),
                ["labels"] = new JsonObject { ["kubernaut.ai/configmap"] = name, ["kubernaut.ai/revision"] = text },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "ConfigMap",
                    ["name"] = name,
                    ["uid"] = configMap["metadata"]!["uid"]!.GetValue<string>(),
                }),
            },
            // The patch that restores this revision, as the revision controller writes it: {"data": {...}}.
            ["data"] = new JsonObject { ["data"] = data },
            ["revision"] = revision,
        };
    }

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
        if (app.CpuLimit is { } cpu)
        {
            container["resources"]!["limits"]!["cpu"] = cpu;
        }

        if (app.Env is { Count: > 0 } env)
        {
            container["env"] = new JsonArray([.. env.Select(kv => (JsonNode)new JsonObject { ["name"] = kv.Key, ["value"] = kv.Value })]);
        }

        if (app.Secret is { } secret)
        {
            container["envFrom"] = new JsonArray(new JsonObject { ["secretRef"] = new JsonObject { ["name"] = secret } });
        }

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
