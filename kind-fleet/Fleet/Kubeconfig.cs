using YamlDotNet.Serialization;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>Writes the kubeconfig for the simulated fleet: one context per cluster, all with the admin token.</summary>
internal static class Kubeconfig
{
    public static string Render(Uri secureAddress, string caPem, IEnumerable<string> clusters, string token, string currentContext = SimulatedFleet.HubName)
    {
        var names = clusters.ToList();
        var doc = new Dictionary<string, object>
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Config",
            ["current-context"] = currentContext,
            ["preferences"] = new Dictionary<string, object>(),
            ["clusters"] = names.Select(n => new Dictionary<string, object>
            {
                ["name"] = n,
                ["cluster"] = new Dictionary<string, object>
                {
                    ["server"] = new Uri(secureAddress, $"clusters/{n}").ToString(),
                    ["certificate-authority-data"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(caPem)),
                },
            }).ToList(),
            ["users"] = new List<object>
            {
                new Dictionary<string, object> { ["name"] = "fleet-admin", ["user"] = new Dictionary<string, object> { ["token"] = token } },
            },
            ["contexts"] = names.Select(n => new Dictionary<string, object>
            {
                ["name"] = n,
                ["context"] = new Dictionary<string, object> { ["cluster"] = n, ["user"] = "fleet-admin", ["namespace"] = "default" },
            }).ToList(),
        };
        return new SerializerBuilder().Build().Serialize(doc);
    }

    /// <summary>Writes atomically with owner-only permissions: the file holds a credential.</summary>
    public static void Write(string path, string content)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        File.WriteAllText(temp, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, full, overwrite: true);
    }
}
