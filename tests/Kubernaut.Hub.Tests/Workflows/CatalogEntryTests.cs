using System.Text.Json.Nodes;
using Kubernaut.Hub.Workflows;

namespace Kubernaut.Hub.Tests.Workflows;

public sealed class CatalogEntryTests
{
    [Fact]
    public void Parse_RepositoryEntries_EverySeedWorkflowWithTemplateRbacAndTypedParameters()
    {
        var all = CatalogFiles.All();

        Assert.Superset(new HashSet<string> { "restart-and-patch-memory", "rollback-config", "scale-statefulset", "rollback-node-drain" }, all.Select(w => w.Name).ToHashSet());
        Assert.All(all, w => Assert.False(string.IsNullOrEmpty(w.Spec.Execution.JobTemplate)));
        Assert.All(all, w => Assert.NotEmpty((w.Spec.Rbac.Rules ?? []).Concat(w.Spec.Rbac.ClusterRules ?? [])));
        Assert.Equal(1, CatalogFiles.Get("rollback-config").Parameter("revision")!.Minimum);
        Assert.Equal("integer", CatalogFiles.Get("scale-statefulset").Parameter("replicas")!.Type);
    }

    [Fact]
    public void Check_InvalidValues_EveryProblemNamed()
    {
        var check = ParameterSchema.Check(CatalogFiles.Get("rollback-config"), new Dictionary<string, string>
        {
            ["namespace"] = "Prod_Space",
            ["revision"] = "0",
            ["wait_for_ready"] = "maybe",
            ["extra"] = "x",
        });

        Assert.False(check.IsValid);
        Assert.Contains(check.Errors, e => e.StartsWith("extra: not a parameter of rollback-config", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.StartsWith("configmap: required", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e.StartsWith("namespace: \"Prod_Space\" does not match", StringComparison.Ordinal));
        Assert.Contains("revision: must be at least 1 (was 0)", check.Errors);
        Assert.Contains("wait_for_ready: must be true or false (was \"maybe\")", check.Errors);
    }

    [Fact]
    public void Check_ValidValues_TypedForTheJob()
    {
        var check = ParameterSchema.Check(CatalogFiles.Get("scale-statefulset"), new Dictionary<string, string>
        {
            ["namespace"] = "prod",
            ["statefulset"] = "payment-db",
            ["replicas"] = "3",
            ["wait_for_ready"] = "true",
        });

        Assert.True(check.IsValid, string.Join("; ", check.Errors));
        Assert.Equal(3, check.Values["replicas"]!.GetValue<long>());
        Assert.True(check.Values["wait_for_ready"]!.GetValue<bool>());
    }

    [Fact]
    public void Resolve_OptionalParameterUnused_RuleDroppedNotWidened()
    {
        var workflow = CatalogFiles.Get("rollback-config");
        var values = new Dictionary<string, JsonNode?> { ["namespace"] = "prod", ["configmap"] = "checkout-config", ["revision"] = 42, ["deployment"] = "" };

        var rbac = RbacTemplate.Resolve(workflow, values);

        Assert.Equal(2, rbac.Rules.Count);
        Assert.Equal(["checkout-config-v42"], rbac.Rules[0].ResourceNames!);
        Assert.Equal(["checkout-config"], rbac.Rules[1].ResourceNames!);
        Assert.DoesNotContain(rbac.Rules, r => r.Resources.Contains("deployments"));
    }

    [Fact]
    public void Parse_YamlScalars_PlainTypedQuotedStrings()
    {
        var doc = YamlDocuments.Parse("a: 1\nb: \"1\"\nc: true\nd: 1.5\ne: 5m\nf: ~\n")[0];

        Assert.Equal(1, doc["a"]!.GetValue<long>());
        Assert.Equal("1", doc["b"]!.GetValue<string>());
        Assert.True(doc["c"]!.GetValue<bool>());
        Assert.Equal(1.5, doc["d"]!.GetValue<double>());
        Assert.Equal("5m", doc["e"]!.GetValue<string>());
        Assert.Null(doc["f"]);
        Assert.Equal(TimeSpan.FromMinutes(10), GoDuration.Parse("10m"));
        Assert.Equal(TimeSpan.FromSeconds(90.5), GoDuration.Parse("1m30.5s"));
        Assert.Null(GoDuration.Parse("ten minutes"));
    }
}
