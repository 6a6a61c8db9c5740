using k8s;

namespace Kubernaut.Hub.Fleet;

/// <summary>A Kubernetes client for one managed cluster, however the hub reaches it.</summary>
internal interface ISpokeClients
{
    IKubernetes For(string cluster);
}
