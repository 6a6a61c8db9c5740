namespace Kubernaut.KindFleet.Resources;

/// <summary>The Kubernetes resources every simulated cluster serves before any CRD is applied.</summary>
internal static class BuiltinResources
{
    private static readonly IReadOnlyList<string> CreateOnly = ["create"];

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Core("Namespace", "namespaces", false, ["ns"], ["status", "finalize"]),
        Core("Node", "nodes", false, ["no"], ["status"]),
        Core("Pod", "pods", true, ["po"], ["status", "log", "eviction", "binding"]) with { Categories = ["all"] },
        Core("Service", "services", true, ["svc"], ["status", "proxy"]) with { Categories = ["all"] },
        Core("Endpoints", "endpoints", true, ["ep"], []),
        Core("ConfigMap", "configmaps", true, ["cm"], []),
        Core("Secret", "secrets", true, [], []),
        Core("Event", "events", true, ["ev"], []),
        Core("ServiceAccount", "serviceaccounts", true, ["sa"], ["token"]),
        Core("PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], ["status"]),
        Apps("Deployment", "deployments", ["deploy"]),
        Apps("ReplicaSet", "replicasets", ["rs"]),
        Apps("StatefulSet", "statefulsets", ["sts"]),
        Apps("DaemonSet", "daemonsets", ["ds"]),
        new("apps", "v1", "ControllerRevision", "controllerrevisions", true, [], [], []),
        new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, [], [], []),
        new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], ["status"], []) { Categories = ["all"] },
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"], ["status"], []),
        Rbac("Role", "roles", true),
        Rbac("ClusterRole", "clusterroles", false),
        Rbac("RoleBinding", "rolebindings", true),
        Rbac("ClusterRoleBinding", "clusterrolebindings", false),
        new("coordination.k8s.io", "v1", "Lease", "leases", true, [], [], []),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], ["status"], []),
        Review("authentication.k8s.io", "TokenReview", "tokenreviews", false),
        Review("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews", false),
        Review("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false),
        Review("authorization.k8s.io", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false),
        Review("authorization.k8s.io", "SubjectAccessReview", "subjectaccessreviews", false),
        Review("authorization.k8s.io", "LocalSubjectAccessReview", "localsubjectaccessreviews", true),
    ];

    private static ResourceType Core(string kind, string plural, bool namespaced, IReadOnlyList<string> shortNames, IReadOnlyList<string> subresources) =>
        new("", "v1", kind, plural, namespaced, shortNames, subresources, []);

    private static ResourceType Apps(string kind, string plural, IReadOnlyList<string> shortNames) =>
        new("apps", "v1", kind, plural, true, shortNames, ["status", "scale"], []) { Categories = ["all"] };

    private static ResourceType Rbac(string kind, string plural, bool namespaced) =>
        new("rbac.authorization.k8s.io", "v1", kind, plural, namespaced, [], [], []);

    private static ResourceType Review(string group, string kind, string plural, bool namespaced) =>
        new(group, "v1", kind, plural, namespaced, [], [], []) { Verbs = CreateOnly };
}
