namespace Kubernaut.KindFleet.Awx;

/// <summary>Configuration of the AWX stand-in (configuration section <c>Awx</c>).</summary>
public sealed class AwxOptions
{
    public const string Section = "Awx";

    /// <summary>The API token clients send as <c>Authorization: Bearer</c>; a random one is made when unset.</summary>
    public string? ApiToken { get; set; }

    /// <summary>Where the playbooks live (one job template per <c>*.yml</c>); found by walking up to <c>awx-playbooks/</c> when unset.</summary>
    public string? PlaybookDirectory { get; set; }

    /// <summary>Debian's ansible-playbook: the one whose Python (<see cref="PythonInterpreter"/>) has the kubernetes module.</summary>
    public string AnsiblePlaybook { get; set; } = "/usr/bin/ansible-playbook";

    public string PythonInterpreter { get; set; } = "/usr/bin/python3";

    /// <summary>Wall-clock limit of one job; AWX fails a job that exceeds its timeout.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxConcurrentJobs { get; set; } = 2;

    /// <summary>
    /// Prefixes the API is mounted under, each serving <c>/api/v2/</c> and AAP's <c>/api/controller/v2/</c>
    /// (default: the root and <c>/awx</c>).
    /// </summary>
    public string[]? MountPrefixes { get; set; }

    internal IReadOnlyList<string> BasePaths =>
        [.. (MountPrefixes ?? ["", "/awx"]).SelectMany(p => new[] { p.TrimEnd('/') + "/api/v2", p.TrimEnd('/') + "/api/controller/v2" })];
}
