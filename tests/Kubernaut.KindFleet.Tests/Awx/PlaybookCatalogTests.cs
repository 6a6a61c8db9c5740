using System.Diagnostics;
using System.Text.RegularExpressions;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Awx;

/// <summary>The playbooks and their catalog entries: valid Ansible, lint-clean, and consistent with each other.</summary>
public sealed partial class PlaybookCatalogTests
{
    private static readonly IReadOnlyList<string> SeedWorkflows = ["restart-and-patch-memory", "rollback-config", "scale-statefulset", "rollback-node-drain"];

    public static TheoryData<string> Playbooks => [.. Directory.GetFiles(RepositoryPaths.Playbooks, "*.yml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Workflows => [.. WorkflowCatalog.Names];

    [Theory]
    [MemberData(nameof(Playbooks))]
    public async Task SyntaxCheck_EachPlaybook_Passes(string playbook)
    {
        var psi = new ProcessStartInfo("/usr/bin/ansible-playbook") { WorkingDirectory = RepositoryPaths.Playbooks };
        foreach (var arg in new[] { "--syntax-check", "-i", "localhost,", playbook })
        {
            psi.ArgumentList.Add(arg);
        }

        var result = await ProcessRunner.RunAsync(psi);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task AnsibleLint_AllPlaybooksAndCatalog_PassesProductionProfile()
    {
        if (!File.Exists("/usr/bin/ansible-lint"))
        {
            Assert.Skip("ansible-lint is not installed (scripts/install-test-deps.sh installs Debian's ansible-lint)");
        }

        var home = Directory.CreateTempSubdirectory("ansible-lint-home-");
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/ansible-lint") { WorkingDirectory = RepositoryPaths.Playbooks };
            psi.ArgumentList.Add("--profile");
            psi.ArgumentList.Add("production");
            psi.ArgumentList.Add("--nocolor");
            psi.Environment["HOME"] = home.FullName;
            psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

            var result = await ProcessRunner.RunAsync(psi, TimeSpan.FromMinutes(4));

            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Contains("Passed", result.Output);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    [Fact]
    public void Catalog_EveryPlaybook_HasWorkflowAndSeedWorkflowsExist()
    {
        var playbooks = Directory.GetFiles(RepositoryPaths.Playbooks, "*.yml").Select(Path.GetFileNameWithoutExtension).ToHashSet();

        Assert.True(playbooks.Count >= 6, $"only {playbooks.Count} playbooks");
        Assert.Equal(playbooks.Order(StringComparer.Ordinal), WorkflowCatalog.Names);
        Assert.All(SeedWorkflows, name => Assert.Contains(name, playbooks));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Catalog_EachWorkflow_IsCompleteAndMatchesItsPlaybook(string name)
    {
        var workflow = WorkflowCatalog.Load(name);
        var spec = workflow["spec"]!;
        var playbookText = File.ReadAllText(Path.Combine(RepositoryPaths.Playbooks, name + ".yml"));
        var parameters = spec["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).ToHashSet();
        var rules = spec["rbac"]!["rules"]!.AsArray().Concat(spec["rbac"]!["clusterRules"]?.AsArray() ?? []).ToList();

        Assert.Equal("kubernaut.ai/v1alpha1", workflow["apiVersion"]!.GetValue<string>());
        Assert.Equal("RemediationWorkflow", workflow["kind"]!.GetValue<string>());
        Assert.Equal(name, workflow["metadata"]!["name"]!.GetValue<string>());
        Assert.Matches(@"^\d+\.\d+\.\d+$", spec["version"]!.GetValue<string>());
        Assert.Matches("^[A-Z][A-Za-z0-9]+$", spec["actionType"]!.GetValue<string>());
        Assert.Contains(spec["risk"]!.GetValue<string>(), new[] { "low", "medium", "high" });
        Assert.All(new[] { "what", "whenToUse", "whenNotToUse", "preconditions" }, k => Assert.False(string.IsNullOrWhiteSpace(spec["description"]![k]?.GetValue<string>())));
        Assert.NotEmpty(spec["matches"]!["rootCauseCategories"]!.AsArray());
        Assert.NotEmpty(spec["matches"]!["targetKinds"]!.AsArray());
        Assert.Equal("ansible", spec["execution"]!["engine"]!.GetValue<string>());
        Assert.Equal(name, spec["execution"]!["jobTemplate"]!.GetValue<string>());
        Assert.Equal(name + ".yml", spec["execution"]!["playbook"]!.GetValue<string>());
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.DoesNotContain("*", r!.ToJsonString()));
        Assert.NotEmpty(spec["verification"]!["checks"]!.AsArray());
        Assert.Matches("^[0-9]+[smh]$", spec["verification"]!["window"]!.GetValue<string>());
        Assert.All(spec["parameters"]!.AsArray(), p => Assert.Contains(p!["type"]!.GetValue<string>(), new[] { "string", "integer", "boolean", "array", "float" }));

        // Every variable the playbook requires is a declared parameter, and every resourceNames reference is one too.
        var required = spec["parameters"]!.AsArray().Where(p => p!["required"]?.GetValue<string>() == "true").Select(p => p!["name"]!.GetValue<string>());
        Assert.All(required, p => Assert.Contains(p, playbookText));
        var references = rules.SelectMany(r => r!["resourceNames"]?.AsArray() ?? []).SelectMany(n => ParameterReference().Matches(n!.GetValue<string>()).Select(m => m.Groups[1].Value));
        Assert.All(references, r => Assert.Contains(r, parameters));
        Assert.All(AssertedVariables().Matches(playbookText).Select(m => m.Groups[1].Value), v => Assert.Contains(v, parameters));
    }

    [Fact]
    public async Task Crd_AppliedToHub_ServesEveryCatalogEntryUnderShortName()
    {
        await using var fleet = new FleetFixture();
        await fleet.InitializeAsync();

        await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "apply", "-f", Path.Combine(RepositoryPaths.Crds, "remediationworkflow.yaml"));
        foreach (var name in WorkflowCatalog.Names)
        {
            await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "apply", "-n", "default", "-f", Path.Combine(RepositoryPaths.Playbooks, name + ".workflow.yaml"));
        }

        var listed = await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "get", "rw", "-n", "default", "-o", "jsonpath={.items[*].metadata.name}");
        var risk = await Kubectl.OkAsync(fleet.KubeconfigPath, "hub", "get", "rw", "rollback-node-drain", "-n", "default", "-o", "jsonpath={.spec.risk}");

        Assert.Equal(WorkflowCatalog.Names, listed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal("medium", risk);
        var crd = WorkflowCatalog.ReadYaml(Path.Combine(RepositoryPaths.Crds, "remediationworkflow.yaml"));
        Assert.Equal("rw", crd["spec"]!["names"]!["shortNames"]![0]!.GetValue<string>());
        Assert.NotNull(crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["rbac"]);
    }

    [GeneratedRegex(@"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")]
    private static partial Regex ParameterReference();

    /// <summary>Variables a playbook's parameter check names (<c>- name is string</c>, <c>- replicas | int</c>).</summary>
    [GeneratedRegex(@"^\s+- ([a-z_][a-z0-9_]*) (?:is |\| )", RegexOptions.Multiline)]
    private static partial Regex AssertedVariables();
}
