using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers.Support;

/// <summary>The built-in resources the simulated control plane reads and writes.</summary>
internal static class Kinds
{
    public static readonly GroupResource Pods = new("", "pods");
    public static readonly GroupResource Nodes = new("", "nodes");
    public static readonly GroupResource Namespaces = new("", "namespaces");
    public static readonly GroupResource Services = new("", "services");
    public static readonly GroupResource Endpoints = new("", "endpoints");
    public static readonly GroupResource ConfigMaps = new("", "configmaps");
    public static readonly GroupResource Events = new("", "events");
    public static readonly GroupResource ServiceAccounts = new("", "serviceaccounts");
    public static readonly GroupResource PersistentVolumeClaims = new("", "persistentvolumeclaims");
    public static readonly GroupResource Deployments = new("apps", "deployments");
    public static readonly GroupResource ReplicaSets = new("apps", "replicasets");
    public static readonly GroupResource StatefulSets = new("apps", "statefulsets");
    public static readonly GroupResource DaemonSets = new("apps", "daemonsets");
    public static readonly GroupResource ControllerRevisions = new("apps", "controllerrevisions");
    public static readonly GroupResource EndpointSlices = new("discovery.k8s.io", "endpointslices");

    public static ResourceType TypeOf(this SimulatedCluster cluster, GroupResource gr) => cluster.Type(gr.Group, gr.Resource);
}
