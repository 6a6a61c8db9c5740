using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Controllers;

public sealed class StatefulSetTests(WorkloadFleetFixture fleet) : IClassFixture<WorkloadFleetFixture>
{
    private const string Context = "prod-eu-west";

    [Fact]
    public async Task ScaleStatefulSet_UpThenDown_CreatesInOrderAfterReadinessAndRemovesHighestFirst()
    {
        await Eventually.KubectlAsync(fleet, Context, o => o.Trim() == "3", "seeded payment-db ready",
            "get", "statefulset", "payment-db", "-n", "prod", "-o", "jsonpath={.status.readyReplicas}");

        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "scale", "statefulset", "payment-db", "-n", "prod", "--replicas=5");
        await Eventually.KubectlAsync(fleet, Context, o => o.Trim() == "5", "5 ready replicas",
            "get", "statefulset", "payment-db", "-n", "prod", "-o", "jsonpath={.status.readyReplicas}");
        var pods = JsonNode.Parse(await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "pods", "-n", "prod", "-l", "app=payment-db", "-o", "json"))!;
        DateTimeOffset Created(string name) => DateTimeOffset.Parse(Pod(pods, name)["metadata"]!["creationTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset ReadySince(string name) => DateTimeOffset.Parse(Pod(pods, name)["status"]!["conditions"]!.AsArray()
            .First(c => c!["type"]!.GetValue<string>() == "Ready")!["lastTransitionTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(Created("payment-db-4") >= ReadySince("payment-db-3"), "payment-db-4 was created before payment-db-3 was Ready");
        Assert.True(Created("payment-db-4") > Created("payment-db-3"));
        Assert.Equal("payment-db-4", Pod(pods, "payment-db-4")["metadata"]!["labels"]!["statefulset.kubernetes.io/pod-name"]!.GetValue<string>());

        await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "scale", "statefulset", "payment-db", "-n", "prod", "--replicas=3");
        await Eventually.KubectlAsync(fleet, Context, o => o.Trim() == "payment-db-0 payment-db-1 payment-db-2", "pods 0..2 only",
            "get", "pods", "-n", "prod", "-l", "app=payment-db", "-o", "jsonpath={.items[*].metadata.name}");
        var deletions = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "events", "-n", "prod", "--field-selector", "reason=SuccessfulDelete,involvedObject.name=payment-db",
            "-o", "jsonpath={range .items[*]}{.firstTimestamp} {.message}{\"\\n\"}{end}");
        var order = deletions.Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderBy(l => l, StringComparer.Ordinal).Select(l => l.Split(' ')[3]).ToList();
        Assert.Equal(["payment-db-4", "payment-db-3"], order);
        var status = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "statefulset", "payment-db", "-n", "prod",
            "-o", "jsonpath={.status.replicas} {.status.currentReplicas} {.status.updatedReplicas} {.status.currentRevision}");
        Assert.StartsWith("3 3 3 payment-db-", status);
        var revisions = await Kubectl.OkAsync(fleet.KubeconfigPath, Context, "get", "controllerrevisions", "-n", "prod", "-o", "name");
        Assert.Contains("controllerrevision.apps/" + status.Split(' ')[3], revisions);
    }

    private static JsonNode Pod(JsonNode list, string name) =>
        list["items"]!.AsArray().First(p => p!["metadata"]!["name"]!.GetValue<string>() == name)!;
}
