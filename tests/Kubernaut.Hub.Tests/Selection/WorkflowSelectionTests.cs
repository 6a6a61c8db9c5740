using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Selection;
using Kubernaut.Hub.Tests.Workflows;

namespace Kubernaut.Hub.Tests.Selection;

/// <summary>Scoring, parameter filling and constraints against the repository's catalog and seed-like analyses.</summary>
public sealed class WorkflowSelectionTests
{
    private static readonly SelectionOptions Options = new();

    [Fact]
    public void Score_OomAfterConfigChange_BothSeedOptionsRollbackConfigFirstWithFilledParameters()
    {
        var rr = Request("Deployment", "checkout-service", ["config-change", "oom-killed", "memory-limit"], new()
        {
            ["configmap"] = "checkout-config",
            ["previousRevision"] = "42",
            ["deployment"] = "checkout-service",
            ["container"] = "checkout-service",
            ["peakMemoryBytes"] = "653262848",
            ["memoryLimit"] = "512Mi", // the limit in force, as the investigation reports it
        });

        var scores = Rank(rr);

        Assert.Equal(["rollback-config", "restart-and-patch-memory"], scores.Take(2).Select(s => s.Workflow.Name));
        Assert.All(scores.Take(2), s => Assert.InRange(s.Confidence, 0.8, 0.95));
        var (rollback, _) = ParameterFiller.Fill(CatalogFiles.Get("rollback-config"), rr, Options);
        Assert.Equal("42", rollback["revision"]);
        Assert.Equal("prod", rollback["namespace"]);
        var (memory, sources) = ParameterFiller.Fill(CatalogFiles.Get("restart-and-patch-memory"), rr, Options);
        Assert.Equal("768Mi", memory["memory_limit"]);
        Assert.Contains(sources, s => s.Contains("observed peak 623Mi", StringComparison.Ordinal));
        Assert.DoesNotContain("restart_token", memory.Keys);
    }

    [Fact]
    public void Score_ReplicasLostAfterDrain_ScaleStatefulSetAboveMediumRiskUncordon()
    {
        var rr = Request("Deployment", "payment-gateway", ["replicas-lost", "node-drain", "capacity"], new() { ["statefulset"] = "payment-db", ["desiredReplicas"] = "3", ["node"] = "worker-2" });

        var scores = Rank(rr);

        Assert.Equal("scale-statefulset", scores[0].Workflow.Name);
        var drain = scores.Single(s => s.Workflow.Name == "rollback-node-drain");
        Assert.True(drain.Confidence < scores[0].Confidence);
        Assert.Contains(scores[0].Reasons, r => r.Contains("payment-db", StringComparison.Ordinal));
    }

    [Fact]
    public void Score_PoorPastEffectiveness_LowersConfidence()
    {
        var rr = Request("Deployment", "checkout-service", ["config-change"], new());
        var workflow = CatalogFiles.Get("rollback-config");

        var unproven = WorkflowScorer.Score(workflow, rr, null, Options)!;
        var proven = WorkflowScorer.Score(workflow, rr, 1.0, Options)!;
        var poor = WorkflowScorer.Score(workflow, rr, 0.1, Options)!;

        Assert.True(proven.Confidence > unproven.Confidence && unproven.Confidence > poor.Confidence, $"{proven.Confidence} {unproven.Confidence} {poor.Confidence}");
        Assert.Contains("past effectiveness 0.10", poor.Reasons);
    }

    [Fact]
    public void Score_NoCategoryInCommon_NotACandidate()
    {
        Assert.Null(WorkflowScorer.Score(CatalogFiles.Get("expand-pvc"), Request("Deployment", "x", ["config-change"], new()), null, Options));
    }

    [Fact]
    public async Task Constraint_ExcludedActionType_RuledOutWithReason()
    {
        var constraint = new ConfiguredSelectionConstraint(Microsoft.Extensions.Options.Options.Create(new SelectionOptions { ExcludeActionTypes = ["ScaleStatefulSet"] }));

        var verdict = await constraint.EvaluateAsync(Request("StatefulSet", "db", [], new()), CatalogFiles.All(), TestContext.Current.CancellationToken);

        Assert.Equal(["scale-statefulset"], verdict.Excluded.Keys);
        Assert.Contains("ScaleStatefulSet is excluded", verdict.Excluded["scale-statefulset"]);
    }

    private static List<CandidateScore> Rank(RemediationRequest rr) =>
        [.. CatalogFiles.All().Select(w => WorkflowScorer.Score(w, rr, null, Options)).OfType<CandidateScore>().OrderByDescending(s => s.Confidence)];

    private static RemediationRequest Request(string kind, string name, string[] categories, Dictionary<string, string> facts) => new()
    {
        Metadata = new ObjectMeta { Name = "rr-test" },
        Spec = new RemediationSpec { ClusterId = "prod", TargetResource = new TargetResource { Kind = kind, Name = name, Namespace = "prod" } },
        Status = new RemediationStatus { Investigation = new InvestigationResult("test", "test", categories, 0.92, null, facts) },
    };
}
