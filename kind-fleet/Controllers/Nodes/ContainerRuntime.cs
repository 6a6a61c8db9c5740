using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Nodes;

/// <summary>
/// One container's life on the simulated kubelet: pull, create, start, readiness, termination and restart with
/// back-off, as decided by the <see cref="IContainerBehavior"/>. Produces the next containerStatus and when the
/// container needs looking at again.
/// </summary>
internal sealed class ContainerRuntime(SimulatedCluster cluster, IContainerBehavior behavior, KubeletMemory memory, JsonObject pod, DateTimeOffset now)
{
    /// <summary>How long a simulated image pull takes; pods show ContainerCreating meanwhile.</summary>
    public static readonly TimeSpan PullTime = TimeSpan.FromSeconds(1);

    /// <summary>Without a readiness probe a container is ready once started; a probe adds its initial delay (at least this).</summary>
    public static readonly TimeSpan ReadinessDelay = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    public DateTimeOffset? Due { get; private set; }

    private string Node => pod["spec"].Str("nodeName") ?? "";

    public JsonObject Step(JsonObject container, JsonObject? status)
    {
        var name = container.Str("name") ?? "";
        var next = status?.CloneObject() ?? new JsonObject
        {
            ["name"] = name,
            ["image"] = container.Str("image"),
            ["imageID"] = "",
            ["ready"] = false,
            ["restartCount"] = 0,
            ["started"] = false,
            ["lastState"] = new JsonObject(),
            ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
        };
        var restarts = (int)(next.Long("restartCount") ?? 0);
        if (next["state"]?["running"] is JsonObject running)
        {
            var since = ObjectRefs.ParseTime(running.Str("startedAt")) ?? now;
            return WhileRunning(container, next, since, restarts);
        }

        var waiting = next["state"]?["waiting"].Str("reason");
        var retryAt = memory.RetryAt(pod.Uid(), name) ?? now;
        if (waiting == "ContainerCreating" && status is null)
        {
            Record(name, EventRecorder.Normal, "Pulling", $"Pulling image \"{container.Str("image")}\"");
            memory.SetRetry(pod.Uid(), name, now + PullTime);
            Due = now + PullTime;
            return next;
        }

        if (retryAt > now)
        {
            Due = retryAt;
            return next;
        }

        memory.ClearRetry(pod.Uid(), name);

        // A crash back-off ends at a known instant; the restart happens then, not whenever this pass runs.
        var startAt = waiting == "CrashLoopBackOff" && retryAt <= now ? retryAt : now;
        return behavior.Evaluate(new ContainerContext(cluster, pod, container, restarts, null, startAt)) switch
        {
            ContainerVerdict.ImagePullFails fail => PullFailed(container, next, waiting, fail.Message, restarts),
            ContainerVerdict.ConfigError error => ConfigFailed(container, next, error.Message),
            ContainerVerdict.Healthy healthy => Start(container, next, restarts, healthy.StartupLog, startAt),
            _ => Start(container, next, restarts, StartupLogs.For(pod, container), startAt),
        };
    }

    private JsonObject WhileRunning(JsonObject container, JsonObject next, DateTimeOffset since, int restarts)
    {
        var name = container.Str("name") ?? "";
        var verdict = behavior.Evaluate(new ContainerContext(cluster, pod, container, restarts, since, now));
        switch (verdict)
        {
            case ContainerVerdict.Exits exit:
                return Exited(container, next, since, restarts, exit);
            case ContainerVerdict.Unready unready:
                next["ready"] = false;
                Record(name, EventRecorder.Warning, "Unhealthy", $"Readiness probe failed: {unready.ProbeMessage}");
                Due = now + TimeSpan.FromSeconds(container["readinessProbe"].Long("periodSeconds") ?? 10);
                return next;
            default:
                var readyAt = since + ReadinessDelayOf(container);
                next["ready"] = readyAt <= now;
                Due = readyAt <= now ? null : readyAt;
                return next;
        }
    }

    private JsonObject Start(JsonObject container, JsonObject next, int restarts, IReadOnlyList<string> log, DateTimeOffset? at = null)
    {
        var startedAt = at ?? now;
        var name = container.Str("name") ?? "";
        var image = container.Str("image") ?? "";
        if (restarts == 0)
        {
            Record(name, EventRecorder.Normal, "Pulled", $"Successfully pulled image \"{image}\" in 1.204s (1.204s including waiting). Image size: {ImageSize(image)} bytes.");
        }
        else
        {
            Record(name, EventRecorder.Normal, "Pulled", $"Container image \"{image}\" already present on machine");
        }

        Record(name, EventRecorder.Normal, "Created", $"Created container: {name}");
        Record(name, EventRecorder.Normal, "Started", $"Started container {name}");
        foreach (var line in log)
        {
            cluster.Logs.Append(pod.Namespace(), pod.Name(), name, startedAt, line);
        }

        next["imageID"] = $"{ImageRepository(image)}@sha256:{Hex(image, 64)}";
        next["containerID"] = "containerd://" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        next["started"] = true;
        next["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = ObjectRefs.Timestamp(startedAt) } };
        var delay = ReadinessDelayOf(container);
        next["ready"] = startedAt + delay <= now;
        Due = startedAt + delay > now ? startedAt + delay : null;
        return next;
    }

    private JsonObject Exited(JsonObject container, JsonObject next, DateTimeOffset since, int restarts, ContainerVerdict.Exits exit)
    {
        var name = container.Str("name") ?? "";
        var at = exit.At is { } t && t <= now && t >= since ? t : now;
        foreach (var line in exit.LastLog)
        {
            cluster.Logs.Append(pod.Namespace(), pod.Name(), name, at, line);
        }

        if (exit.Reason == "OOMKilled")
        {
            RecordKernelOom(container, at);
        }

        var terminated = new JsonObject
        {
            ["exitCode"] = exit.ExitCode,
            ["reason"] = exit.Reason,
            ["startedAt"] = ObjectRefs.Timestamp(since),
            ["finishedAt"] = ObjectRefs.Timestamp(at),
            ["containerID"] = next.Str("containerID"),
        };
        next["ready"] = false;
        next["started"] = false;
        next["lastState"] = new JsonObject { ["terminated"] = terminated };
        if (pod["spec"].Str("restartPolicy") == "Never" || (pod["spec"].Str("restartPolicy") == "OnFailure" && exit.ExitCode == 0))
        {
            next["state"] = new JsonObject { ["terminated"] = terminated.DeepClone() };
            return next;
        }

        cluster.Logs.Restart(pod.Namespace(), pod.Name(), name);
        restarts++;
        next["restartCount"] = restarts;
        var backoff = Backoff(restarts);
        if (backoff == TimeSpan.Zero)
        {
            var verdict = behavior.Evaluate(new ContainerContext(cluster, pod, container, restarts, null, at));
            return Start(container, next, restarts, verdict is ContainerVerdict.Healthy h ? h.StartupLog : StartupLogs.For(pod, container), at);
        }

        next["state"] = new JsonObject
        {
            ["waiting"] = new JsonObject
            {
                ["reason"] = "CrashLoopBackOff",
                ["message"] = $"back-off {(int)backoff.TotalSeconds}s restarting failed container={name} pod={pod.Name()}_{pod.Namespace()}({pod.Uid()})",
            },
        };
        Record(name, EventRecorder.Warning, "BackOff", $"Back-off restarting failed container {name} in pod {pod.Name()}_{pod.Namespace()}({pod.Uid()})");
        memory.SetRetry(pod.Uid(), name, at + backoff);
        Due = at + backoff > now ? at + backoff : now;
        return next;
    }

    private JsonObject ConfigFailed(JsonObject container, JsonObject next, string message)
    {
        var name = container.Str("name") ?? "";
        next["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CreateContainerConfigError", ["message"] = message } };
        Record(name, EventRecorder.Warning, "Failed", $"Error: {message}");
        var retry = TimeSpan.FromSeconds(10);
        memory.SetRetry(pod.Uid(), name, now + retry);
        Due = now + retry;
        return next;
    }

    /// <summary>The kernel's OOM kill as node-problem-detector reports it: an OOMKilling event on the Node, one per kill.</summary>
    private void RecordKernelOom(JsonObject container, DateTimeOffset at)
    {
        if (cluster.Store.Get(Kinds.Nodes, "", Node) is not { } node)
        {
            return;
        }

        var pid = 1000 + RandomNumberGenerator.GetInt32(60_000);
        var limit = container["resources"]?["limits"].Str("memory") ?? "unlimited";
        var message = $"Memory cgroup out of memory: Killed process {pid} ({container.Str("name")}) total-vm:1482044kB, anon-rss:{limit}, "
            + $"file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:1624kB oom_score_adj:-997 (pod {pod.Namespace()}/{pod.Name()})";
        EventRecorder.Record(cluster, node, EventRecorder.Warning, "OOMKilling", message, "kernel-monitor", Node, at: at);
    }

    private JsonObject PullFailed(JsonObject container, JsonObject next, string? waiting, string message, int restarts)
    {
        var name = container.Str("name") ?? "";
        var image = container.Str("image") ?? "";
        if (waiting == "ErrImagePull")
        {
            var backoff = Backoff(restarts + memory.PullFailures(pod.Uid(), name) + 1);
            next["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = $"Back-off pulling image \"{image}\": ErrImagePull: {message}" } };
            Record(name, EventRecorder.Normal, "BackOff", $"Back-off pulling image \"{image}\"");
            Record(name, EventRecorder.Warning, "Failed", "Error: ImagePullBackOff");
            memory.SetRetry(pod.Uid(), name, now + backoff);
            Due = now + backoff;
            return next;
        }

        memory.CountPullFailure(pod.Uid(), name);
        next["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ErrImagePull", ["message"] = message } };
        Record(name, EventRecorder.Normal, "Pulling", $"Pulling image \"{image}\"");
        Record(name, EventRecorder.Warning, "Failed", $"Failed to pull image \"{image}\": {message}");
        Record(name, EventRecorder.Warning, "Failed", "Error: ErrImagePull");
        memory.SetRetry(pod.Uid(), name, now + PullTime);
        Due = now + PullTime;
        return next;
    }

    /// <summary>The kubelet's crash back-off: the first restart is immediate, then 10s doubling up to five minutes.</summary>
    public static TimeSpan Backoff(int restarts) => restarts <= 1
        ? TimeSpan.Zero
        : TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 10 * Math.Pow(2, Math.Min(restarts - 2, 10))));

    private static TimeSpan ReadinessDelayOf(JsonObject container) =>
        container["readinessProbe"] is JsonObject probe
            ? TimeSpan.FromSeconds(Math.Max(ReadinessDelay.TotalSeconds, probe.Long("initialDelaySeconds") ?? 0))
            : ReadinessDelay;

    private void Record(string container, string type, string reason, string message) =>
        EventRecorder.Record(cluster, pod, type, reason, message, "kubelet", Node, $"spec.containers{{{container}}}");

    private static string ImageRepository(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var colon = image.LastIndexOf(':');
        return at >= 0 ? image[..at] : colon > image.LastIndexOf('/') ? image[..colon] : image;
    }

    private static long ImageSize(string image) => 20_000_000 + (long)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(image))) % 180_000_000);

    private static string Hex(string text, int length) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant()[..length];
}
