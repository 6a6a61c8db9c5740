namespace Kubernaut.SpokeAddon.Kubernetes;

/// <summary>KubernetesClient hands timestamps over as DateTime (UTC by contract); tools speak DateTimeOffset.</summary>
internal static class KubeTime
{
    public static DateTimeOffset? Utc(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
