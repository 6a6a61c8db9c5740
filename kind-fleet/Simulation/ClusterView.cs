using System.Globalization;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>A Service that receives simulated outside traffic, and how many of its endpoints are ready.</summary>
internal sealed record ServiceTraffic(string Namespace, string Name, IReadOnlyDictionary<string, string> Selector, double RequestsPerSecond, int ReadyEndpoints, int NotReadyEndpoints);

/// <summary>
/// What the workload physics reads from one cluster's API objects, taken once per store revision: Services with their
/// simulated traffic and ready endpoints, ConfigMap contents, which Secrets and claims exist.
/// </summary>
internal sealed class ClusterView
{
    /// <summary>Requests per second the simulated outside world sends to a Service (the load generator's knob).</summary>
    public const string TrafficAnnotation = "kubernaut.ai/simulated-rps";

    private static readonly Resources.GroupResource SecretsResource = new("", "secrets");

    private ClusterView(long revision) => Revision = revision;

    public long Revision { get; }

    public List<ServiceTraffic> Services { get; } = [];

    public Dictionary<(string Ns, string Name), IReadOnlyDictionary<string, string>> ConfigMaps { get; } = [];

    public HashSet<(string Ns, string Name)> Secrets { get; } = [];

    public Dictionary<(string Ns, string Name), (int Ready, int NotReady)> Endpoints { get; } = [];

    public static ClusterView Read(SimulatedCluster cluster)
    {
        var view = new ClusterView(cluster.Store.Revision);
        cluster.Store.Scan(Kinds.Endpoints, null, ep =>
        {
            var subsets = ep["subsets"].Objects().ToList();
            view.Endpoints[(ep.Namespace(), ep.Name())] = (
                subsets.Sum(s => s["addresses"].Objects().Count()),
                subsets.Sum(s => s["notReadyAddresses"].Objects().Count()));
        });
        cluster.Store.Scan(Kinds.Services, null, svc =>
        {
            var rps = svc.Metadata()["annotations"].Str(TrafficAnnotation);
            if (rps is null || !double.TryParse(rps, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return;
            }

            var (ready, notReady) = view.Endpoints.GetValueOrDefault((svc.Namespace(), svc.Name()));
            view.Services.Add(new ServiceTraffic(svc.Namespace(), svc.Name(), svc["spec"]?["selector"].StringMap() ?? new Dictionary<string, string>(), value, ready, notReady));
        });
        cluster.Store.Scan(Kinds.ConfigMaps, null, cm => view.ConfigMaps[(cm.Namespace(), cm.Name())] = cm["data"].StringMap());
        cluster.Store.Scan(SecretsResource, null, s => view.Secrets.Add((s.Namespace(), s.Name())));
        return view;
    }

    /// <summary>Requests per second one ready pod of these labels serves: its Service's traffic over its ready endpoints.</summary>
    public double RequestsPerPod(string ns, IReadOnlyDictionary<string, string> podLabels) =>
        Services.Where(s => s.Namespace == ns && s.Selector.Count > 0 && s.Selector.All(kv => podLabels.GetValueOrDefault(kv.Key) == kv.Value))
            .Sum(s => s.RequestsPerSecond / Math.Max(1, s.ReadyEndpoints));

    public ServiceTraffic? ServiceOf(string ns, IReadOnlyDictionary<string, string> podLabels) =>
        Services.FirstOrDefault(s => s.Namespace == ns && s.Selector.Count > 0 && s.Selector.All(kv => podLabels.GetValueOrDefault(kv.Key) == kv.Value));
}
