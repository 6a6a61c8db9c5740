using System.Text.Json.Nodes;
using Kubernaut.SpokeAddon.Tests.Support;

namespace Kubernaut.SpokeAddon.Tests;

/// <summary>The spoke MCP tools through cluster-proxy, with the hub's investigation token, against seeded evidence.</summary>
public sealed class SpokeMcpToolsTests(SpokeFleetFixture fleet) : IClassFixture<SpokeFleetFixture>
{
    private static readonly string[] ToolNames =
    [
        "list_events", "get_pods", "get_workloads", "resolve_owner", "get_logs",
        "get_configmap", "get_rollout_history", "get_endpoints", "get_nodes", "describe",
    ];

    [Fact]
    public async Task ListTools_ThroughClusterProxy_ListsTheReadOnlyToolsWithDescriptions()
    {
        await using var client = await fleet.ConnectAsync("prod-us-east", await fleet.TokenAsync("kubernaut-investigator"));

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ToolNames.Order(), tools.Select(t => t.Name).Order());
        foreach (var tool in tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description), tool.Name);
            Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint, tool.Name);
            foreach (var parameter in tool.JsonSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.True(parameter.Value.TryGetProperty("description", out _), $"{tool.Name}.{parameter.Name} has no description");
            }
        }
    }

    [Fact]
    public async Task ListEvents_OomKilledInLast30Minutes_SumsOccurrencesPerReason()
    {
        await using var client = await fleet.ConnectAsync("prod-us-east", await fleet.TokenAsync("kubernaut-investigator"));

        var result = await client.CallJsonAsync("list_events", new() { ["namespace"] = SeedStories.Shop, ["since"] = "30m" });
        var oomOnly = await client.CallJsonAsync("list_events", new() { ["namespace"] = SeedStories.Shop, ["reason"] = "oomkilled", ["since"] = "30m" });

        Assert.Equal(14, result["byReason"]!["OOMKilled"]!.GetValue<int>());
        Assert.Equal(7, result["byReason"]!["BackOff"]!.GetValue<int>());
        Assert.Equal(3, oomOnly["count"]!.GetValue<int>());
        Assert.Equal(14, oomOnly["occurrences"]!.GetValue<int>());
        Assert.False(oomOnly["truncated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task GetPods_CrashingPods_ShowOomKilledAndTheMemoryLimit()
    {
        await using var client = await fleet.ConnectAsync("prod-us-east", await fleet.TokenAsync("kubernaut-investigator"));

        var result = await client.CallJsonAsync("get_pods", new() { ["namespace"] = SeedStories.Shop, ["labelSelector"] = "app=checkout-service" });

        var pods = result["pods"]!.AsArray();
        Assert.Equal(3, pods.Count);
        Assert.Equal("0/1", pods[0]!["ready"]!.GetValue<string>());
        var container = pods[0]!["containers"]![0]!;
        Assert.Equal("OOMKilled", container["lastTerminationReason"]!.GetValue<string>());
        Assert.Equal(137, container["lastExitCode"]!.GetValue<int>());
        Assert.Equal("512Mi", container["limits"]!["memory"]!.GetValue<string>());
        Assert.Equal("CrashLoopBackOff", container["stateReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResolveOwner_Pod_WalksReplicaSetToDeployment()
    {
        await using var client = await fleet.ConnectAsync("prod-us-east", await fleet.TokenAsync("kubernaut-investigator"));

        var result = await client.CallJsonAsync("resolve_owner", new() { ["namespace"] = SeedStories.Shop, ["name"] = "checkout-service-7d9f8-a" });

        Assert.Equal(["Pod", "ReplicaSet", "Deployment"], result["chain"]!.AsArray().Select(l => l!["kind"]!.GetValue<string>()));
        Assert.Equal("checkout-service", result["root"]!["name"]!.GetValue<string>());
        Assert.Null(result["stoppedBecause"]);
    }

    [Fact]
    public async Task GetLogs_PatternOnPreviousInstance_ReturnsTheCrashLines()
    {
        await using var client = await fleet.ConnectAsync("prod-us-east", await fleet.TokenAsync("kubernaut-investigator"));

        var previous = await client.CallJsonAsync("get_logs", new()
        {
            ["namespace"] = SeedStories.Shop,
            ["pod"] = "checkout-service-7d9f8-a",
            ["previous"] = true,
            ["pattern"] = "OutOfMemory|config reloaded",
        });
        var current = await client.CallJsonAsync("get_logs", new() { ["namespace"] = SeedStories.Shop, ["pod"] = "checkout-service-7d9f8-a", ["tail"] = 5 });

        Assert.Equal(2, previous["matched"]!.GetValue<int>());
        Assert.Contains("OutOfMemoryError", previous["lines"]![1]!.GetValue<string>());
        Assert.Equal(5, current["count"]!.GetValue<int>());
        Assert.Contains("heap used 498Mi", current["lines"]![4]!.GetValue<string>());
    }

    [Fact]
    public async Task GetConfigMap_WithRevisions_ShowsWhatTheLastChangeAdded()
    {
        await using var client = await fleet.ConnectAsync("prod-us-east", await fleet.TokenAsync("kubernaut-investigator"));

        var result = await client.CallJsonAsync("get_configmap", new() { ["namespace"] = SeedStories.Shop, ["name"] = "checkout-config" });

        var history = result["history"]!.AsArray();
        Assert.Equal([2L, 1L], history.Select(h => h!["revision"]!.GetValue<long>()));
        Assert.Equal(["cache.maxEntries"], history[0]!["changeFromPrevious"]!["added"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(["cache.enabled"], history[0]!["changeFromPrevious"]!["changed"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal("false", history[1]!["data"]!["cache.enabled"]!.GetValue<string>());
        Assert.Empty(result["changeFromLatestRevision"]!["changed"]!.AsArray());
        Assert.Equal("unbounded", result["data"]!["cache.maxEntries"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetRolloutHistory_DeploymentAndStatefulSet_ListRevisionsNewestFirst()
    {
        await using var us = await fleet.ConnectAsync("prod-us-east", await fleet.TokenAsync("kubernaut-investigator"));
        await using var eu = await fleet.ConnectAsync("prod-eu-west", await fleet.TokenAsync("kubernaut-investigator"));

        var deployment = await us.CallJsonAsync("get_rollout_history", new() { ["namespace"] = SeedStories.Shop, ["kind"] = "Deployment", ["name"] = "checkout-service" });
        var statefulSet = await eu.CallJsonAsync("get_rollout_history", new() { ["namespace"] = SeedStories.Payments, ["kind"] = "StatefulSet", ["name"] = "payment-db" });

        var revisions = deployment["revisions"]!.AsArray();
        Assert.Equal([2L, 1L], revisions.Select(r => r!["revision"]!.GetValue<long>()));
        Assert.True(revisions[0]!["current"]!.GetValue<bool>());
        Assert.Equal("registry.example/checkout:2.4.0", revisions[1]!["images"]![0]!.GetValue<string>());
        Assert.Equal(["postgres:16.3", "postgres:16.2"], statefulSet["revisions"]!.AsArray().Select(r => r!["images"]![0]!.GetValue<string>()));
    }

    [Fact]
    public async Task GetWorkloadsEndpointsNodes_AfterDrain_ShowOneOfThreeReplicasServing()
    {
        await using var client = await fleet.ConnectAsync("prod-eu-west", await fleet.TokenAsync("kubernaut-investigator"));

        var workloads = await client.CallJsonAsync("get_workloads", new() { ["namespace"] = SeedStories.Payments, ["kind"] = "StatefulSet" });
        var endpoints = await client.CallJsonAsync("get_endpoints", new() { ["namespace"] = SeedStories.Payments, ["service"] = "payment-db" });
        var nodes = await client.CallJsonAsync("get_nodes", new());

        var db = workloads["workloads"]![0]!;
        Assert.Equal((3, 1), (db["desired"]!.GetValue<int>(), db["ready"]!.GetValue<int>()));
        var service = endpoints["services"]![0]!;
        Assert.Equal((1, 2), (service["ready"]!.GetValue<int>(), service["notReady"]!.GetValue<int>()));
        Assert.Equal("payment-db-0", service["readyAddresses"]![0]!["pod"]!.GetValue<string>());
        var drained = nodes["nodes"]![0]!;
        Assert.Equal("prod-eu-west-worker-2", drained["name"]!.GetValue<string>());
        Assert.True(drained["unschedulable"]!.GetValue<bool>());
        Assert.Equal("node.kubernetes.io/unschedulable", drained["taints"]![0]!["key"]!.GetValue<string>());
        Assert.All(nodes["nodes"]!.AsArray(), n => Assert.StartsWith("prod-eu-west-", n!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Describe_Deployment_SummarisesObjectAndItsEvents()
    {
        await using var client = await fleet.ConnectAsync("prod-eu-west", await fleet.TokenAsync("kubernaut-investigator"));

        var pod = await client.CallJsonAsync("describe", new() { ["kind"] = "Pod", ["namespace"] = SeedStories.Payments, ["name"] = "payment-db-1" });
        var node = await client.CallJsonAsync("describe", new() { ["kind"] = "Node", ["name"] = "prod-eu-west-worker-2" });

        Assert.Equal("StatefulSet", pod["owners"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("prod-eu-west-worker-2", pod["spec"]!["nodeName"]!.GetValue<string>());
        Assert.Equal("Killing", pod["recentEvents"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal("NodeNotSchedulable", node["recentEvents"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListEvents_ManyLongEvents_StaysBoundedAndSaysTruncated()
    {
        await using var client = await fleet.ConnectAsync("staging", await fleet.TokenAsync("kubernaut-investigator"));

        var result = await client.CallToolAsync("list_events", new Dictionary<string, object?> { ["namespace"] = "noisy", ["limit"] = 500 },
            cancellationToken: TestContext.Current.CancellationToken);
        var text = ToolCalls.Text(result);
        var json = JsonNode.Parse(text)!;

        Assert.True(text.Length <= 16_000, $"{text.Length} characters");
        Assert.True(json["truncated"]!.GetValue<bool>());
        Assert.Equal(400, json["total"]!.GetValue<int>());
        Assert.InRange(json["count"]!.GetValue<int>(), 1, 399);
        Assert.Equal(json["count"]!.GetValue<int>(), json["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task ToolErrors_MissingObjectAndSecrets_AreReportedToTheCaller()
    {
        await using var client = await fleet.ConnectAsync("prod-us-east", await fleet.TokenAsync("kubernaut-investigator"));
        var ct = TestContext.Current.CancellationToken;

        var missing = await client.CallToolAsync("get_configmap", new Dictionary<string, object?> { ["namespace"] = SeedStories.Shop, ["name"] = "nope" }, cancellationToken: ct);
        var secret = await client.CallToolAsync("describe", new Dictionary<string, object?> { ["kind"] = "Secret", ["namespace"] = SeedStories.Shop, ["name"] = "db" }, cancellationToken: ct);

        Assert.True(missing.IsError);
        Assert.Contains("configmap shop/nope not found", ToolCalls.Text(missing));
        Assert.True(secret.IsError);
        Assert.Contains("Secrets are never read", ToolCalls.Text(secret));
    }
}
