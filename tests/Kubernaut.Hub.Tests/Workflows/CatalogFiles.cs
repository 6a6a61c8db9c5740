using System.Text.Json;
using Kubernaut.Hub.Tests.Execution;
using Kubernaut.Hub.Workflows;

namespace Kubernaut.Hub.Tests.Workflows;

/// <summary>The repository's catalog entries, read the way the hub applies and reads them.</summary>
internal static class CatalogFiles
{
    public static IReadOnlyList<RemediationWorkflow> All() =>
    [
        .. Directory.GetFiles(RemediationFleetFixture.RepositoryDirectory("awx-playbooks"), "*.workflow.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => YamlDocuments.Parse(File.ReadAllText(f)))
            .Select(d => WorkflowCatalog.Parse(JsonSerializer.SerializeToElement(d), out var error) ?? throw new InvalidOperationException(error)),
    ];

    public static RemediationWorkflow Get(string name) => All().Single(w => w.Name == name);
}
