namespace Kubernaut.Hub.Hosting;

/// <summary>The hub's command-line switches, mapped onto configuration keys so config files and environment work alike.</summary>
internal static class CommandLine
{
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--port"] = "Hub:Port",
        ["--bind"] = "Hub:BindAddress",
        ["--kubeconfig"] = "Hub:Kubeconfig",
        ["--context"] = "Hub:Context",
        ["--namespace"] = "Hub:Namespace",
    };

    /// <summary>Environment variables with this prefix override configuration: <c>KUBERNAUT_Hub__Port=8080</c>.</summary>
    public const string EnvironmentPrefix = "KUBERNAUT_";
}
