namespace Kubernaut.KindFleet.Awx;

/// <summary>A job template: one playbook, and which launch-time fields it lets a caller supply.</summary>
internal sealed record AwxJobTemplate(int Id, string Name, string Playbook, string PlaybookPath, IReadOnlySet<string> Prompts, IReadOnlyList<string> RequiredCredentialKinds)
{
    /// <summary>Every <c>ask_*_on_launch</c> prompt AWX knows, by its short name.</summary>
    public static readonly IReadOnlyList<string> AllPrompts =
    [
        "scm_branch", "diff_mode", "variables", "limit", "tags", "skip_tags", "job_type", "verbosity", "inventory", "credential",
        "execution_environment", "labels", "forks", "job_slice_count", "timeout", "instance_groups",
    ];

    /// <summary>Launch body field → the prompt that must be enabled for it to be accepted.</summary>
    public static readonly IReadOnlyDictionary<string, string> LaunchFieldPrompts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["extra_vars"] = "variables",
        ["limit"] = "limit",
        ["credentials"] = "credential",
        ["inventory"] = "inventory",
        ["job_type"] = "job_type",
        ["job_tags"] = "tags",
        ["skip_tags"] = "skip_tags",
        ["verbosity"] = "verbosity",
        ["diff_mode"] = "diff_mode",
        ["scm_branch"] = "scm_branch",
        ["execution_environment"] = "execution_environment",
        ["labels"] = "labels",
        ["forks"] = "forks",
        ["job_slice_count"] = "job_slice_count",
        ["timeout"] = "timeout",
        ["instance_groups"] = "instance_groups",
    };

    public Dictionary<string, object?> AskFlags() =>
        AllPrompts.ToDictionary(p => $"ask_{p}_on_launch", p => (object?)Prompts.Contains(p));

    public object View(string basePath, AwxJob? lastJob)
    {
        var view = new Dictionary<string, object?>
        {
            ["id"] = Id,
            ["type"] = "job_template",
            ["url"] = $"{basePath}/job_templates/{Id}/",
            ["related"] = new Dictionary<string, string>
            {
                ["launch"] = $"{basePath}/job_templates/{Id}/launch/",
                ["jobs"] = $"{basePath}/job_templates/{Id}/jobs/",
                ["inventory"] = $"{basePath}/inventories/{AwxInventory.LocalhostId}/",
                ["organization"] = $"{basePath}/organizations/{AwxOrganizations.DefaultId}/",
            },
            ["summary_fields"] = new
            {
                inventory = new { id = AwxInventory.LocalhostId, name = AwxInventory.LocalhostName },
                organization = new { id = AwxOrganizations.DefaultId, name = AwxOrganizations.DefaultName },
                last_job = lastJob is null ? null : new { id = lastJob.Id, status = lastJob.Status, failed = lastJob.Failed },
            },
            ["name"] = Name,
            ["description"] = "",
            ["job_type"] = "run",
            ["inventory"] = AwxInventory.LocalhostId,
            ["organization"] = AwxOrganizations.DefaultId,
            ["playbook"] = Playbook,
            ["scm_branch"] = "",
            ["forks"] = 0,
            ["limit"] = "",
            ["verbosity"] = 0,
            ["extra_vars"] = "",
            ["job_tags"] = "",
            ["skip_tags"] = "",
            ["timeout"] = 0,
            ["survey_enabled"] = false,
            ["become_enabled"] = false,
            ["diff_mode"] = false,
            ["allow_simultaneous"] = true,
            ["job_slice_count"] = 1,
            ["last_job_run"] = lastJob is null ? null : AwxJson.Timestamp(lastJob.Finished ?? lastJob.Created),
            ["last_job_failed"] = lastJob?.Failed ?? false,
            ["status"] = lastJob?.Status ?? "never updated",
        };
        foreach (var (flag, value) in AskFlags())
        {
            view[flag] = value;
        }

        return view;
    }
}

/// <summary>The job templates, one per playbook in the playbook directory, named after the file.</summary>
internal sealed class AwxJobTemplateCatalog
{
    public AwxJobTemplateCatalog(Microsoft.Extensions.Options.IOptions<AwxOptions> options)
    {
        var directory = options.Value.PlaybookDirectory ?? FindPlaybookDirectory();
        Directory = directory;
        var playbooks = directory is null || !System.IO.Directory.Exists(directory)
            ? []
            : System.IO.Directory.GetFiles(directory, "*.yml").Order(StringComparer.Ordinal).ToArray();
        Templates = [.. playbooks.Select((path, i) => new AwxJobTemplate(i + 1, Path.GetFileNameWithoutExtension(path), Path.GetFileName(path), path,
            new HashSet<string>(["variables", "credential"], StringComparer.Ordinal), ["kubernetes"]))];
    }

    public string? Directory { get; }

    public IReadOnlyList<AwxJobTemplate> Templates { get; }

    public AwxJobTemplate? Find(int id) => Templates.FirstOrDefault(t => t.Id == id);

    /// <summary>The repository's <c>awx-playbooks/</c>, from the working directory or the binary's location upward.</summary>
    private static string? FindPlaybookDirectory()
    {
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "awx-playbooks");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
