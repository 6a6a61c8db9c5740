using System.Text.Json;
using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Investigation.Transcript;

namespace Kubernaut.Hub.Investigation.Engine;

/// <summary>First look: the workload (owner chain, replicas, container, limits, what it mounts and reads from its env), then its pods.</summary>
internal static class WorkloadStep
{
    public static async Task RunAsync(EvidenceReader reader, CaseFile file, TranscriptWriter transcript, CancellationToken ct)
    {
        var t = file.Target;
        var (kind, name) = (t.Kind, t.Name);
        if (kind is "Pod" or "ReplicaSet")
        {
            var chain = await reader.SingleAsync<SpokeOwnerChain>("resolve_owner", new() { ["namespace"] = t.Namespace, ["name"] = name, ["kind"] = kind }, ct);
            if (chain?.Root is { Found: true } root)
            {
                file.Note("resolve_owner", $"{kind} {name} is owned by {string.Join(" → ", chain.Chain.Select(c => $"{c.Kind}/{c.Name}"))}");
                (kind, name) = (root.Kind, root.Name);
            }
        }

        var workloads = await reader.ListAsync<SpokeWorkload>("get_workloads", "workloads", new() { ["namespace"] = t.Namespace, ["kind"] = kind, ["name"] = name }, ct);
        file.Workload = workloads.Items.FirstOrDefault(w => w.Name == name);
        file.Description = await reader.SingleAsync<SpokeDescription>("describe", new() { ["kind"] = kind, ["name"] = name, ["namespace"] = t.Namespace }, ct);
        ReadTemplate(file);
        if (file.Workload is not { } w)
        {
            await transcript.SayAsync($"I can't find {kind} {t.Namespace}/{name} on {t.Cluster} — I'll work from the pods and events that carry its name.", ct);
            file.Container ??= name;
        }
        else
        {
            var limits = new List<string>();
            if (file.MemoryLimit is { } memory)
            {
                limits.Add($"a memory limit of {memory}");
            }

            if (file.CpuLimit is { } cpu)
            {
                limits.Add($"a CPU limit of {cpu}");
            }

            var text = $"Looking at {w.Kind} {t.Namespace}/{w.Name} on {t.Cluster}: {w.Ready} of {w.Desired} replicas ready; container {file.Container} runs {file.Image}" +
                (limits.Count > 0 ? $" with {string.Join(" and ", limits)}." : ", no limits set.");
            file.Note("get_workloads", $"{w.Kind} {w.Name}: {w.Ready}/{w.Desired} ready, image {file.Image}, limits {string.Join(", ", limits)}");
            await transcript.SayAsync(text, ct);
        }

        var selector = file.Workload?.Selector is { Count: > 0 } labels ? string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) : null;
        var pods = await reader.ListAsync<SpokePod>("get_pods", "pods", new() { ["namespace"] = t.Namespace, ["labelSelector"] = selector, ["limit"] = 100 }, ct);
        file.Pods.AddRange(selector is null ? pods.Items.Where(p => p.Name.StartsWith(name + "-", StringComparison.Ordinal)) : pods.Items);
    }

    private static void ReadTemplate(CaseFile file)
    {
        if (file.Description?.Spec is not { } spec)
        {
            file.Container = file.Workload?.Containers.FirstOrDefault()?.Name;
            return;
        }

        var pod = spec.TryGetProperty("template", out var template) && template.TryGetProperty("spec", out var s) ? s : spec;
        if (pod.TryGetProperty("containers", out var containers) && containers.GetArrayLength() > 0)
        {
            var c = containers[0];
            file.Container = Str(c, "name");
            file.Image = Str(c, "image");
            if (c.TryGetProperty("resources", out var resources) && resources.TryGetProperty("limits", out var limits))
            {
                file.MemoryLimit = Str(limits, "memory");
                file.CpuLimit = Str(limits, "cpu");
                file.MemoryLimitBytes = Units.Bytes(file.MemoryLimit);
            }

            foreach (var env in Items(c, "env"))
            {
                if (Str(env, "name") is { } key && Str(env, "value") is { } value)
                {
                    file.Env[key] = value;
                }

                if (env.TryGetProperty("valueFrom", out var from))
                {
                    Add(file.ConfigMaps, from, "configMapKeyRef");
                    Add(file.Secrets, from, "secretKeyRef");
                }
            }

            foreach (var from in Items(c, "envFrom"))
            {
                Add(file.ConfigMaps, from, "configMapRef");
                Add(file.Secrets, from, "secretRef");
            }
        }

        foreach (var volume in Items(pod, "volumes"))
        {
            Add(file.ConfigMaps, volume, "configMap");
            if (volume.TryGetProperty("secret", out var secret) && Str(secret, "secretName") is { } secretName && !file.Secrets.Contains(secretName))
            {
                file.Secrets.Add(secretName);
            }
        }
    }

    private static void Add(List<string> names, JsonElement holder, string property)
    {
        if (holder.TryGetProperty(property, out var reference) && Str(reference, "name") is { } name && !names.Contains(name))
        {
            names.Add(name);
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement holder, string property) =>
        holder.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string? Str(JsonElement holder, string property) =>
        holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
