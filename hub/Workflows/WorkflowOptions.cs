namespace Kubernaut.Hub.Workflows;

/// <summary>The workflow catalog (section <c>Workflows</c>).</summary>
internal sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>
    /// A directory of <c>*.workflow.yaml</c> files (e.g. <c>awx-playbooks</c>) applied to the hub at start, created or
    /// replaced; unset applies nothing (the CRs are managed with kubectl or GitOps).
    /// </summary>
    public string? ApplyDirectory { get; set; }

    /// <summary>How long a read of the catalog is reused.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(5);
}
