using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Nodes;

/// <summary>
/// Every node's kubelet: runs the containers of pods bound to Ready nodes (through <see cref="ContainerRuntime"/>),
/// reports phase, conditions, IPs and container statuses, finishes graceful deletions after the grace period with
/// Killing events, and (as the node lifecycle controller would) marks pods on NotReady nodes not Ready.
/// Only pods that are not yet settled, terminating, or due for a timed step are read in full.
/// </summary>
internal sealed class Kubelet(IContainerBehavior behavior) : IClusterController
{
    private const string Component = "kubelet";
    private readonly ConcurrentDictionary<string, KubeletMemory> _memory = new(StringComparer.Ordinal);

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Kinds.Pods, Kinds.Nodes];

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var now = cluster.Time.GetUtcNow();
        var memory = _memory.GetOrAdd(cluster.Name, _ => new KubeletMemory());
        var nodes = NodeFacts.Read(cluster);
        var resync = behavior.ResyncInterval is { } interval && memory.LastResync + interval <= now;
        if (resync)
        {
            memory.LastResync = now;
        }

        var usedIps = new HashSet<string>(StringComparer.Ordinal);
        var work = cluster.Store.List(Kinds.Pods, null, pod =>
        {
            if (pod["status"].Str("podIP") is { } ip)
            {
                usedIps.Add(ip);
            }

            var node = pod["spec"].Str("nodeName");
            return node is not null && (pod.IsDeleting() || resync || !Settled(pod) || memory.IsDue(pod.Uid(), now)
                || (nodes.TryGetValue(node, out var facts) && !facts.Ready));
        }).Items;
        DateTimeOffset? due = null;
        foreach (var pod in work)
        {
            var next = pod.IsDeleting()
                ? Terminate(cluster, memory, pod, now)
                : nodes.TryGetValue(pod["spec"].Str("nodeName") ?? "", out var node) ? Sync(cluster, memory, pod, node, usedIps, now) : null;
            memory.SetDue(pod.Uid(), next);
            due = next is { } n && (due is null || n < due) ? n : due;
        }

        var wait = due is { } d ? d - now : (TimeSpan?)null;
        if (behavior.ResyncInterval is { } every && (wait is null || wait > every))
        {
            wait = every;
        }

        return wait is { } w && w < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait;
    }

    private static bool Settled(JsonObject pod) =>
        pod["status"].Str("phase") == "Running" && ObjectRefs.IsPodReady(pod)
        && (pod["status"]?["containerStatuses"] as JsonArray)?.Count == (pod["spec"]?["containers"] as JsonArray)?.Count;

    private DateTimeOffset? Sync(SimulatedCluster cluster, KubeletMemory memory, JsonObject pod, NodeFacts node, HashSet<string> usedIps, DateTimeOffset now)
    {
        var previous = pod["status"] as JsonObject ?? [];
        var status = previous.CloneObject();
        if (!node.Ready)
        {
            // The node stopped reporting: nothing runs there any more as far as the control plane knows.
            if (pod.ConditionTrue("Ready"))
            {
                ObjectRefs.SetCondition(status, "Ready", "False", null, null, now);
                Write(cluster, pod, status);
            }

            return null;
        }

        status["hostIP"] = node.InternalIp;
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = node.InternalIp });
        if (status.Str("podIP") is null)
        {
            var ip = AllocateIp(node, pod.Uid(), usedIps);
            status["podIP"] = ip;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        }

        status["startTime"] ??= ObjectRefs.Timestamp(now);
        var runtime = new ContainerRuntime(cluster, behavior, memory, pod, now);
        var previousStatuses = status["containerStatuses"].Objects().ToDictionary(c => c.Str("name") ?? "", StringComparer.Ordinal);
        var statuses = new JsonArray();
        DateTimeOffset? due = null;
        foreach (var container in pod["spec"]?["containers"].Objects() ?? [])
        {
            statuses.Add(runtime.Step(container, previousStatuses.GetValueOrDefault(container.Str("name") ?? "")));
            due = runtime.Due is { } d && (due is null || d < due) ? d : due;
        }

        status["containerStatuses"] = statuses;
        var allReady = statuses.Objects().All(c => c.Bool("ready") == true);
        var everStarted = statuses.Objects().Any(c => c["state"]?["running"] is not null || (c.Long("restartCount") ?? 0) > 0);
        var allTerminated = statuses.Objects().All(c => c["state"]?["terminated"] is not null);
        status["phase"] = allTerminated
            ? statuses.Objects().All(c => c["state"]?["terminated"].Long("exitCode") == 0) ? "Succeeded" : "Failed"
            : everStarted ? "Running" : "Pending";
        ObjectRefs.SetCondition(status, "PodReadyToStartContainers", "True", null, null, now);
        ObjectRefs.SetCondition(status, "Initialized", "True", null, null, now);
        var notReady = statuses.Objects().Where(c => c.Bool("ready") != true).Select(c => c.Str("name")).ToList();
        var reason = allReady ? null : "ContainersNotReady";
        var message = allReady ? null : $"containers with unready status: [{string.Join(' ', notReady)}]";
        ObjectRefs.SetCondition(status, "ContainersReady", allReady ? "True" : "False", reason, message, now);
        ObjectRefs.SetCondition(status, "Ready", allReady ? "True" : "False", reason, message, now);
        ObjectRefs.SetCondition(status, "PodScheduled", "True", null, null, now);
        Order(status);
        if (!JsonNode.DeepEquals(status, previous))
        {
            Write(cluster, pod, status);
        }

        return due;
    }

    private static DateTimeOffset? Terminate(SimulatedCluster cluster, KubeletMemory memory, JsonObject pod, DateTimeOffset now)
    {
        if (pod["spec"].Str("nodeName") is not { } node)
        {
            return null;
        }

        if (memory.BeginStopping(pod.Uid()))
        {
            foreach (var container in pod["spec"]?["containers"].Objects() ?? [])
            {
                EventRecorder.Record(cluster, pod, EventRecorder.Normal, "Killing", $"Stopping container {container.Str("name")}", Component, node,
                    $"spec.containers{{{container.Str("name")}}}");
            }
        }

        var deadline = ObjectRefs.ParseTime(pod.Metadata().Str("deletionTimestamp")) ?? now;
        if (deadline > now)
        {
            return deadline;
        }

        cluster.Store.Delete(cluster.TypeOf(Kinds.Pods), pod.Namespace(), pod.Name());
        cluster.Logs.Forget(pod.Namespace(), pod.Name());
        memory.Forget(pod.Uid());
        return null;
    }

    private static void Write(SimulatedCluster cluster, JsonObject pod, JsonObject status) =>
        cluster.Store.Mutate(cluster.TypeOf(Kinds.Pods), pod.Namespace(), pod.Name(), current =>
        {
            if (current.Uid() != pod.Uid() || current.IsDeleting())
            {
                return null;
            }

            current["status"] = status.DeepClone();
            return current;
        });

    /// <summary>Conditions in the order the real kubelet reports them, so repeated passes compare equal.</summary>
    private static void Order(JsonObject status)
    {
        string[] order = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"];
        var sorted = status["conditions"].Objects().OrderBy(c => Array.IndexOf(order, c.Str("type")) is var i && i < 0 ? 99 : i)
            .Select(c => (JsonNode)c.CloneObject()).ToArray();
        status["conditions"] = new JsonArray(sorted);
    }

    private static string AllocateIp(NodeFacts node, string uid, HashSet<string> used)
    {
        var start = (int)((uint)uid.GetHashCode(StringComparison.Ordinal) % 250);
        for (var i = 0; i < 250; i++)
        {
            var ip = node.PodCidrPrefix + (((start + i) % 250) + 2);
            if (used.Add(ip))
            {
                return ip;
            }
        }

        return node.PodCidrPrefix + "254";
    }
}
