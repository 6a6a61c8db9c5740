using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// The HPA controller (autoscaling/v2, CPU utilisation targets on Deployments): desired = ceil(current × usage/target)
/// outside a 10% tolerance, clamped to [minReplicas, maxReplicas]; usage is what the containers get, so at their CPU
/// limit utilisation stops growing. A Deployment scaled by hand beyond maxReplicas is scaled back, as the real one does.
/// </summary>
internal sealed class HorizontalPodAutoscalerController(WorkloadPhysics physics) : IClusterController
{
    private static readonly GroupResource Hpas = new("autoscaling", "horizontalpodautoscalers");

    public IReadOnlyCollection<GroupResource> Watches { get; } = [Hpas, Kinds.Deployments];

    public bool RunsOn(SimulatedCluster cluster) => cluster.Name != SimulatedFleet.HubName;

    public TimeSpan? Reconcile(SimulatedCluster cluster)
    {
        var hpas = cluster.Store.List(Hpas, null).Items;
        foreach (var hpa in hpas)
        {
            Scale(cluster, hpa);
        }

        return hpas.Count == 0 ? null : WorkloadTicker.Interval;
    }

    private void Scale(SimulatedCluster cluster, JsonObject hpa)
    {
        var now = cluster.Time.GetUtcNow();
        var target = hpa["spec"]?["scaleTargetRef"];
        if (target.Str("kind") != "Deployment" || cluster.Store.Get(Kinds.Deployments, hpa.Namespace(), target.Str("name") ?? "") is not { } deployment)
        {
            return;
        }

        var min = hpa["spec"].Long("minReplicas") ?? 1;
        var max = hpa["spec"].Long("maxReplicas") ?? min;
        var targetUtilisation = hpa["spec"]?["metrics"].Objects().Select(m => m["resource"]?["target"].Long("averageUtilization")).FirstOrDefault(u => u is not null) ?? 80;
        var current = deployment["spec"].Long("replicas") ?? 1;
        var utilisations = new List<double>();
        var selector = deployment["spec"]?["selector"]?["matchLabels"].StringMap() ?? new Dictionary<string, string>();
        foreach (var pod in cluster.Store.List(Kinds.Pods, hpa.Namespace(), p => !p.IsDeleting() && ObjectRefs.IsPodReady(p)
            && selector.All(kv => p.Metadata()["labels"].StringMap().GetValueOrDefault(kv.Key) == kv.Value)).Items)
        {
            foreach (var container in pod["spec"]?["containers"].Objects() ?? [])
            {
                var request = Quantity.Parse(container["resources"]?["requests"].Str("cpu"));
                if (request is > 0)
                {
                    utilisations.Add(physics.Plan(cluster, pod, container, now, now).CpuUsageCores / request.Value * 100);
                }
            }
        }

        var utilisation = utilisations.Count == 0 ? 0 : utilisations.Average();
        var ratio = utilisation / targetUtilisation;
        var desired = utilisations.Count == 0 || Math.Abs(ratio - 1) <= 0.1 ? current : (long)Math.Ceiling(current * ratio);
        var limited = desired > max || desired < min;
        desired = Math.Clamp(desired, min, max);
        if (desired != current)
        {
            cluster.Store.Mutate(cluster.TypeOf(Kinds.Deployments), deployment.Namespace(), deployment.Name(), d =>
            {
                d.Child("spec")["replicas"] = desired;
                return d;
            });
            EventRecorder.Record(cluster, hpa, EventRecorder.Normal, "SuccessfulRescale",
                $"New size: {desired}; reason: cpu resource utilization (percentage of request) {(desired > current ? "above" : "below")} target", "horizontal-pod-autoscaler");
        }

        var status = new JsonObject
        {
            ["currentReplicas"] = current,
            ["desiredReplicas"] = desired,
            ["currentMetrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject { ["name"] = "cpu", ["current"] = new JsonObject { ["averageUtilization"] = (long)Math.Round(utilisation) } },
            }),
        };
        var previous = hpa["status"] as JsonObject;
        foreach (var condition in previous?["conditions"].Objects() ?? [])
        {
            status.ArrayOf("conditions").Add(condition.CloneObject());
        }

        ObjectRefs.SetCondition(status, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size", now);
        ObjectRefs.SetCondition(status, "ScalingActive", "True", "ValidMetricFound", "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", now);
        ObjectRefs.SetCondition(status, "ScalingLimited", limited ? "True" : "False", limited ? "TooManyReplicas" : "DesiredWithinRange",
            limited ? "the desired replica count is more than the maximum replica count" : "the desired count is within the acceptable range", now);
        if (!JsonNode.DeepEquals(status, previous))
        {
            cluster.Store.Mutate(cluster.TypeOf(Hpas), hpa.Namespace(), hpa.Name(), h =>
            {
                h["status"] = status.DeepClone();
                return h;
            });
        }

    }
}
