using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.SpokeAddon.Tests.Support;

/// <summary>
/// The two seed stories' evidence as plain cluster objects: checkout-service OOMKilled after a config change
/// (prod-us-east/shop) and payment-db losing two replicas to a node drain (prod-eu-west/payments).
/// Objects are self-consistent (owners, pods, endpoints) so simulated controllers have nothing to correct.
/// </summary>
internal static class SeedStories
{
    public const string Shop = "shop";
    public const string Payments = "payments";

    public static void SeedCheckout(SimulatedCluster cluster, DateTimeOffset now)
    {
        cluster.Apply(Namespace(Shop));
        var deployment = cluster.Apply(Obj(Fill("""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"checkout-service","namespace":"«0»","annotations":{"deployment.kubernetes.io/revision":"2"}},
             "spec":{"replicas":3,"paused":true,"selector":{"matchLabels":{"app":"checkout-service"}},
                     "template":{"metadata":{"labels":{"app":"checkout-service"}},"spec":{"containers":[{"name":"app","image":"registry.example/checkout:2.4.1","resources":{"requests":{"memory":"256Mi"},"limits":{"memory":"512Mi"}}}]}}},
             "status":{"replicas":3,"readyReplicas":1,"availableReplicas":1,"updatedReplicas":3,
                       "conditions":[{"type":"Available","status":"False","reason":"MinimumReplicasUnavailable","message":"Deployment does not have minimum availability."}]}}
            """, Shop)));
        var current = cluster.Apply(ReplicaSet("checkout-service-7d9f8", "2", "registry.example/checkout:2.4.1", 3, 1, Uid(deployment), now.AddHours(-3)));
        cluster.Apply(ReplicaSet("checkout-service-5c4b7", "1", "registry.example/checkout:2.4.0", 0, 0, Uid(deployment), now.AddDays(-2)));
        foreach (var (suffix, restarts, ready) in new[] { ("a", 5, false), ("b", 5, false), ("c", 4, true) })
        {
            cluster.Apply(CheckoutPod($"checkout-service-7d9f8-{suffix}", restarts, ready, Uid(current), now));
        }

        var events = new[] { ("checkout-service-7d9f8-a", 5), ("checkout-service-7d9f8-b", 5), ("checkout-service-7d9f8-c", 4) };
        foreach (var (pod, count) in events)
        {
            cluster.Apply(Event(Shop, $"{pod}.oom", "Pod", pod, "Warning", "OOMKilled", $"Container app in pod {pod} was OOMKilled (limit 512Mi)", count, now.AddMinutes(-25), now.AddMinutes(-1)));
        }

        cluster.Apply(Event(Shop, "checkout-service-7d9f8-a.backoff", "Pod", "checkout-service-7d9f8-a", "Warning", "BackOff", "Back-off restarting failed container app", 7, now.AddMinutes(-20), now.AddMinutes(-2)));
        cluster.Apply(Event(Shop, "checkout-service-old.oom", "Pod", "checkout-service-5c4b7-z", "Warning", "OOMKilled", "an OOM long ago", 3, now.AddHours(-3), now.AddHours(-2)));

        cluster.Apply(Obj(Fill("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"checkout-config","namespace":"«0»"},
             "data":{"cache.enabled":"true","cache.maxEntries":"unbounded","log.level":"info"}}
            """, Shop)));
        // Revision 1 stores a ConfigMap-shaped snapshot, revision 2 the bare data map: readers must take both.
        cluster.Apply(ConfigRevision("checkout-config-1", 1, new JsonObject { ["data"] = new JsonObject { ["cache.enabled"] = "false", ["log.level"] = "info" } }, now.AddDays(-2)));
        cluster.Apply(ConfigRevision("checkout-config-2", 2, new JsonObject { ["cache.enabled"] = "true", ["cache.maxEntries"] = "unbounded", ["log.level"] = "info" }, now.AddMinutes(-31)));

        var log = cluster.Logs;
        log.Append(Shop, "checkout-service-7d9f8-a", "app", now.AddMinutes(-31), "config reloaded: cache.enabled=true cache.maxEntries=unbounded");
        log.Append(Shop, "checkout-service-7d9f8-a", "app", now.AddMinutes(-30), "heap used 410Mi of 512Mi");
        log.Append(Shop, "checkout-service-7d9f8-a", "app", now.AddMinutes(-29), "java.lang.OutOfMemoryError: Java heap space (heap 623Mi)");
        log.Restart(Shop, "checkout-service-7d9f8-a", "app");
        for (var i = 0; i < 40; i++)
        {
            log.Append(Shop, "checkout-service-7d9f8-a", "app", now.AddSeconds(-60 + i), $"GET /checkout 200 {i}ms");
        }

        log.Append(Shop, "checkout-service-7d9f8-a", "app", now, "cache entries 180000, heap used 498Mi of 512Mi");
    }

    public static void SeedPayments(SimulatedCluster cluster, DateTimeOffset now)
    {
        cluster.Apply(Namespace(Payments));
        var set = cluster.Apply(Obj(Fill("""
            {"apiVersion":"apps/v1","kind":"StatefulSet",
             "metadata":{"name":"payment-db","namespace":"«0»"},
             "spec":{"replicas":3,"serviceName":"payment-db","selector":{"matchLabels":{"app":"payment-db"}},
                     "template":{"metadata":{"labels":{"app":"payment-db"}},"spec":{"containers":[{"name":"postgres","image":"postgres:16.3"}]}}},
             "status":{"replicas":3,"readyReplicas":1,"availableReplicas":1,"currentReplicas":3,"updatedReplicas":3,"currentRevision":"payment-db-6f7","updateRevision":"payment-db-6f7"}}
            """, Payments)));
        foreach (var (name, revision, image) in new[] { ("payment-db-5a1", 1, "postgres:16.2"), ("payment-db-6f7", 2, "postgres:16.3") })
        {
            cluster.Apply(Obj(Fill("""
                {"apiVersion":"apps/v1","kind":"ControllerRevision","revision":«0»,
                 "metadata":{"name":"«1»","namespace":"«2»","ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"payment-db","uid":"«3»","controller":true}]},
                 "data":{"spec":{"template":{"spec":{"containers":[{"name":"postgres","image":"«4»"}]}}}}}
                """, revision, name, Payments, Uid(set), image)));
        }

        var pods = new[] { ("payment-db-0", "10.0.1.10", "prod-eu-west-worker-1", true), ("payment-db-1", "10.0.2.11", "prod-eu-west-worker-2", false), ("payment-db-2", "10.0.2.12", "prod-eu-west-worker-2", false) };
        foreach (var (name, ip, node, ready) in pods)
        {
            var state = ready ? "{\"running\":{}}" : "{\"waiting\":{\"reason\":\"ContainerCreating\"}}";
            cluster.Apply(Obj(Fill("""
                {"apiVersion":"v1","kind":"Pod",
                 "metadata":{"name":"«0»","namespace":"«1»","labels":{"app":"payment-db"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"payment-db","uid":"«2»","controller":true}]},
                 "spec":{"nodeName":"«3»","containers":[{"name":"postgres","image":"postgres:16.3"}]},
                 "status":{"phase":"«4»","podIP":"«5»","conditions":[{"type":"Ready","status":"«6»"}],
                           "containerStatuses":[{"name":"postgres","ready":«7»,"restartCount":0,"image":"postgres:16.3","imageID":"","state":«8»}]}}
                """, name, Payments, Uid(set), node, (ready ? "Running" : "Pending"), ip, (ready ? "True" : "False"), (ready ? "true" : "false"), state)));
        }

        cluster.Apply(Obj(Fill("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"payment-db","namespace":"«0»"},
             "spec":{"selector":{"app":"payment-db"},"ports":[{"port":5432,"protocol":"TCP"}]}}
            """, Payments)));
        cluster.Apply(Obj(Fill("""
            {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"payment-db","namespace":"«0»"},
             "subsets":[{"addresses":[{"ip":"10.0.1.10","nodeName":"prod-eu-west-worker-1","targetRef":{"kind":"Pod","name":"payment-db-0","namespace":"«1»"}}],
                         "notReadyAddresses":[{"ip":"10.0.2.11","nodeName":"prod-eu-west-worker-2","targetRef":{"kind":"Pod","name":"payment-db-1","namespace":"«2»"}},
                                              {"ip":"10.0.2.12","nodeName":"prod-eu-west-worker-2","targetRef":{"kind":"Pod","name":"payment-db-2","namespace":"«3»"}}],
                         "ports":[{"port":5432,"protocol":"TCP"}]}]}
            """, Payments, Payments, Payments, Payments)));

        cluster.Store.Mutate(cluster.Type("", "nodes"), "", "prod-eu-west-worker-2", node =>
        {
            var spec = node["spec"]?.AsObject() ?? new JsonObject();
            spec["unschedulable"] = true;
            spec["taints"] = new JsonArray(new JsonObject { ["key"] = "node.kubernetes.io/unschedulable", ["effect"] = "NoSchedule" });
            node["spec"] = spec;
            return node;
        });
        cluster.Apply(Event("default", "prod-eu-west-worker-2.drain", "Node", "prod-eu-west-worker-2", "Normal", "NodeNotSchedulable",
            "Node prod-eu-west-worker-2 status is now: NodeNotSchedulable", 1, now.AddMinutes(-40), now.AddMinutes(-40)));
        cluster.Apply(Event(Payments, "payment-db-1.killing", "Pod", "payment-db-1", "Normal", "Killing", "Stopping container postgres", 1, now.AddMinutes(-40), now.AddMinutes(-40)));
    }

    public static void SeedNoise(SimulatedCluster cluster, string ns, int count, DateTimeOffset now)
    {
        cluster.Apply(Namespace(ns));
        for (var i = 0; i < count; i++)
        {
            cluster.Apply(Event(ns, $"noise-{i}", "Pod", $"noisy-{i}", "Warning", "Unhealthy",
                $"Readiness probe failed: HTTP probe failed with statuscode: 503 ({new string('x', 120)})", 1, now.AddSeconds(-i), now.AddSeconds(-i)));
        }
    }

    private static string Uid(JsonObject obj) => obj["metadata"]!["uid"]!.GetValue<string>();

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Namespace(string name) => Obj(Fill("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"«0»"},"status":{"phase":"Active"}}""", name));

    private static JsonObject ReplicaSet(string name, string revision, string image, int replicas, int ready, string ownerUid, DateTimeOffset created) => Obj(Fill("""
        {"apiVersion":"apps/v1","kind":"ReplicaSet",
         "metadata":{"name":"«0»","namespace":"«1»","creationTimestamp":"«2»","labels":{"app":"checkout-service","pod-template-hash":"«3»"},
                     "annotations":{"deployment.kubernetes.io/revision":"«4»"},
                     "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"checkout-service","uid":"«5»","controller":true}]},
         "spec":{"replicas":«6»,"selector":{"matchLabels":{"app":"checkout-service","pod-template-hash":"«7»"}},
                 "template":{"metadata":{"labels":{"app":"checkout-service","pod-template-hash":"«8»"}},"spec":{"containers":[{"name":"app","image":"«9»","resources":{"limits":{"memory":"512Mi"}}}]}}},
         "status":{"replicas":«10»,"readyReplicas":«11»}}
        """, name, Shop, Time(created), name[^5..], revision, ownerUid, replicas, name[^5..], name[^5..], image, replicas, ready));

    private static JsonObject CheckoutPod(string name, int restarts, bool ready, string ownerUid, DateTimeOffset now) => Obj(CheckoutPodJson(name, restarts, ready, ownerUid, now,
        ready ? "{\"running\":{}}" : "{\"waiting\":{\"reason\":\"CrashLoopBackOff\"}}"));

    private static string CheckoutPodJson(string name, int restarts, bool ready, string ownerUid, DateTimeOffset now, string state) => Fill("""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"«0»","namespace":"«1»","labels":{"app":"checkout-service","pod-template-hash":"7d9f8"},
                     "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"checkout-service-7d9f8","uid":"«2»","controller":true}]},
         "spec":{"nodeName":"prod-us-east-worker-1","containers":[{"name":"app","image":"registry.example/checkout:2.4.1","resources":{"requests":{"memory":"256Mi"},"limits":{"memory":"512Mi"}}}]},
         "status":{"phase":"Running","startTime":"«3»",
                   "conditions":[{"type":"Ready","status":"«4»"}],
                   "containerStatuses":[{"name":"app","ready":«5»,"restartCount":«6»,"image":"registry.example/checkout:2.4.1","imageID":"",
                     "state":«7»,
                     "lastState":{"terminated":{"reason":"OOMKilled","exitCode":137,"finishedAt":"«8»"}}}]}}
        """, name, Shop, ownerUid, Time(now.AddHours(-3)), (ready ? "True" : "False"), (ready ? "true" : "false"), restarts, state, Time(now.AddMinutes(-2)));

    private static JsonObject ConfigRevision(string name, int revision, JsonObject data, DateTimeOffset created)
    {
        var obj = Obj(Fill("""
            {"apiVersion":"apps/v1","kind":"ControllerRevision","revision":«0»,
             "metadata":{"name":"«1»","namespace":"«2»","creationTimestamp":"«3»",
                         "labels":{"kubernaut.ai/configmap":"checkout-config","kubernaut.ai/revision":"«4»"}}}
            """, revision, name, Shop, Time(created), revision));
        obj["data"] = data;
        return obj;
    }

    private static JsonObject Event(string ns, string name, string kind, string involved, string type, string reason, string message, int count, DateTimeOffset first, DateTimeOffset last) => Obj(Fill("""
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"«0»","namespace":"«1»"},
         "involvedObject":{"kind":"«2»","name":"«3»","namespace":"«4»"},
         "type":"«5»","reason":"«6»","message":"«7»","count":«8»,
         "firstTimestamp":"«9»","lastTimestamp":"«10»","source":{"component":"kubelet"}}
        """, name, ns, kind, involved, ns, type, reason, message, count, Time(first), Time(last)));

    // JSON is all braces, so values go in as «n» placeholders rather than interpolation holes.
    private static string Fill(string template, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            template = template.Replace($"«{i}»", Convert.ToString(values[i], CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return template;
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
