using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Controllers.Nodes;

/// <summary>Plausible startup output for a container, shaped by its image and spec (ports, config it mounts).</summary>
internal static class StartupLogs
{
    public static IReadOnlyList<string> For(JsonObject pod, JsonObject container)
    {
        var image = container.Str("image") ?? "";
        var name = container.Str("name") ?? "app";
        var port = container["ports"].Objects().Select(p => p.Long("containerPort")).FirstOrDefault(p => p is not null);
        if (image.Contains("redis", StringComparison.Ordinal))
        {
            return
            [
                "1:C * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
                "1:C * Redis version=7.2.4, bits=64, commit=00000000, modified=0, pid=1, just started",
                $"1:M * Running mode=standalone, port={port ?? 6379}.",
                "1:M * Server initialized",
                "1:M * Ready to accept connections tcp",
            ];
        }

        if (image.Contains("postgres", StringComparison.Ordinal))
        {
            return
            [
                "LOG:  starting PostgreSQL 16.2 on x86_64-pc-linux-gnu",
                $"LOG:  listening on IPv4 address \"0.0.0.0\", port {port ?? 5432}",
                "LOG:  database system was shut down at startup",
                "LOG:  database system is ready to accept connections",
            ];
        }

        var version = image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "latest";
        var lines = new List<string> { $"level=info msg=\"starting {name}\" version={version} pod={pod.Metadata().Str("name")}" };
        foreach (var cm in ConfigMapsUsed(pod, container))
        {
            lines.Add($"level=info msg=\"loaded configuration\" source=configmap/{cm}");
        }

        if (container["resources"]?["limits"].Str("memory") is { } memory)
        {
            lines.Add($"level=info msg=\"memory limit detected\" limit={memory}");
        }

        lines.Add($"level=info msg=\"listening\" addr=:{port ?? 8080}");
        lines.Add("level=info msg=\"ready to serve requests\"");
        return lines;
    }

    private static IEnumerable<string> ConfigMapsUsed(JsonObject pod, JsonObject container)
    {
        var fromEnv = container["envFrom"].Objects().Select(e => e["configMapRef"].Str("name"))
            .Concat(container["env"].Objects().Select(e => e["valueFrom"]?["configMapKeyRef"].Str("name")));
        var mounted = container["volumeMounts"].Objects().Select(m => m.Str("name")).ToHashSet();
        var fromVolumes = pod["spec"]?["volumes"].Objects().Where(v => mounted.Contains(v.Str("name"))).Select(v => v["configMap"].Str("name")) ?? [];
        return fromEnv.Concat(fromVolumes).OfType<string>().Distinct();
    }
}
