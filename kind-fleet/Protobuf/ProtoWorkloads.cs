namespace Kubernaut.KindFleet.Protobuf;

/// <summary>Pods and the controllers that template them (core/v1 PodSpec, apps/v1), the fields kubectl's generators set.</summary>
internal static class ProtoWorkloads
{
    public static readonly ProtoSchema ContainerPort = new(new()
    {
        [1] = ProtoField.Str("name"),
        [2] = ProtoField.Int("hostPort"),
        [3] = ProtoField.Int("containerPort"),
        [4] = ProtoField.Str("protocol"),
        [5] = ProtoField.Str("hostIP"),
    });

    public static readonly ProtoSchema EnvVar = new(new()
    {
        [1] = ProtoField.Str("name"),
        [2] = ProtoField.Str("value"),
    });

    public static readonly ProtoSchema ResourceRequirements = new(new()
    {
        [1] = ProtoField.QuantityMap("limits"),
        [2] = ProtoField.QuantityMap("requests"),
    });

    public static readonly ProtoSchema VolumeMount = new(new()
    {
        [1] = ProtoField.Str("name"),
        [2] = ProtoField.Flag("readOnly"),
        [3] = ProtoField.Str("mountPath"),
        [4] = ProtoField.Str("subPath"),
    });

    public static readonly ProtoSchema Container = new(new()
    {
        [1] = ProtoField.Str("name"),
        [2] = ProtoField.Str("image"),
        [3] = ProtoField.Strings("command"),
        [4] = ProtoField.Strings("args"),
        [5] = ProtoField.Str("workingDir"),
        [6] = ProtoField.List("ports", ContainerPort),
        [7] = ProtoField.List("env", EnvVar),
        [8] = ProtoField.Msg("resources", ResourceRequirements),
        [9] = ProtoField.List("volumeMounts", VolumeMount),
        [13] = ProtoField.Str("terminationMessagePath"),
        [14] = ProtoField.Str("imagePullPolicy"),
        [16] = ProtoField.Flag("stdin"),
        [17] = ProtoField.Flag("stdinOnce"),
        [18] = ProtoField.Flag("tty"),
        [20] = ProtoField.Str("terminationMessagePolicy"),
    });

    public static readonly ProtoSchema Toleration = new(new()
    {
        [1] = ProtoField.Str("key"),
        [2] = ProtoField.Str("operator"),
        [3] = ProtoField.Str("value"),
        [4] = ProtoField.Str("effect"),
        [5] = ProtoField.Long("tolerationSeconds", keepZero: true),
    });

    public static readonly ProtoSchema LocalObjectReference = new(new() { [1] = ProtoField.Str("name") });

    public static readonly ProtoSchema PodSpec = new(new()
    {
        [2] = ProtoField.List("containers", Container),
        [3] = ProtoField.Str("restartPolicy"),
        [4] = ProtoField.Long("terminationGracePeriodSeconds", keepZero: true),
        [5] = ProtoField.Long("activeDeadlineSeconds", keepZero: true),
        [6] = ProtoField.Str("dnsPolicy"),
        [7] = ProtoField.StringMap("nodeSelector"),
        [8] = ProtoField.Str("serviceAccountName"),
        [9] = ProtoField.Str("serviceAccount"),
        [10] = ProtoField.Str("nodeName"),
        [11] = ProtoField.Flag("hostNetwork"),
        [15] = ProtoField.List("imagePullSecrets", LocalObjectReference),
        [16] = ProtoField.Str("hostname"),
        [17] = ProtoField.Str("subdomain"),
        [19] = ProtoField.Str("schedulerName"),
        [20] = ProtoField.List("initContainers", Container),
        [21] = ProtoField.Flag("automountServiceAccountToken", keepZero: true),
        [22] = ProtoField.List("tolerations", Toleration),
        [24] = ProtoField.Str("priorityClassName"),
        [25] = ProtoField.Int("priority", keepZero: true),
    });

    public static readonly ProtoSchema PodTemplateSpec = new(new()
    {
        [1] = ProtoField.Msg("metadata", ProtoMeta.ObjectMeta),
        [2] = ProtoField.Msg("spec", PodSpec),
    });

    public static readonly ProtoSchema Pod = ProtoSchema.Object(PodSpec);

    public static readonly ProtoSchema RollingUpdateDeployment = new(new()
    {
        [1] = ProtoField.IntOrString("maxUnavailable"),
        [2] = ProtoField.IntOrString("maxSurge"),
    });

    public static readonly ProtoSchema DeploymentStrategy = new(new()
    {
        [1] = ProtoField.Str("type"),
        [2] = ProtoField.Msg("rollingUpdate", RollingUpdateDeployment),
    });

    public static readonly ProtoSchema Deployment = ProtoSchema.Object(new(new()
    {
        [1] = ProtoField.Int("replicas", keepZero: true),
        [2] = ProtoField.Msg("selector", ProtoMeta.LabelSelector),
        [3] = ProtoField.Msg("template", PodTemplateSpec),
        [4] = ProtoField.Msg("strategy", DeploymentStrategy),
        [5] = ProtoField.Int("minReadySeconds"),
        [6] = ProtoField.Int("revisionHistoryLimit", keepZero: true),
        [7] = ProtoField.Flag("paused"),
        [9] = ProtoField.Int("progressDeadlineSeconds", keepZero: true),
    }));

    public static readonly ProtoSchema StatefulSet = ProtoSchema.Object(new(new()
    {
        [1] = ProtoField.Int("replicas", keepZero: true),
        [2] = ProtoField.Msg("selector", ProtoMeta.LabelSelector),
        [3] = ProtoField.Msg("template", PodTemplateSpec),
        [5] = ProtoField.Str("serviceName"),
        [6] = ProtoField.Str("podManagementPolicy"),
        [8] = ProtoField.Int("revisionHistoryLimit", keepZero: true),
        [9] = ProtoField.Int("minReadySeconds"),
    }));

    public static readonly ProtoSchema PodDisruptionBudget = ProtoSchema.Object(new(new()
    {
        [1] = ProtoField.IntOrString("minAvailable"),
        [2] = ProtoField.Msg("selector", ProtoMeta.LabelSelector),
        [3] = ProtoField.IntOrString("maxUnavailable"),
        [4] = ProtoField.Str("unhealthyPodEvictionPolicy"),
    }));
}
