using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers;

/// <summary>
/// A level-based controller of the simulated control plane (deployment controller, kubelet, addon agents…).
/// Each pass looks at the whole cluster and moves it one step towards the desired state.
/// </summary>
internal interface IClusterController
{
    /// <summary>Resources whose changes should trigger a pass.</summary>
    IReadOnlyCollection<GroupResource> Watches { get; }

    /// <summary>Whether this controller runs on the given cluster (OCM hub controllers run on the hub only).</summary>
    bool RunsOn(SimulatedCluster cluster) => true;

    /// <summary>One pass; returns when the next pass is due even without changes (null: only on change).</summary>
    TimeSpan? Reconcile(SimulatedCluster cluster);
}
