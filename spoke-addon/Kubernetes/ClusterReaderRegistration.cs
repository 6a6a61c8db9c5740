namespace Kubernaut.SpokeAddon.Kubernetes;

/// <summary>The read-only views over the addon's cluster that the MCP tools delegate to.</summary>
internal static class ClusterReaderRegistration
{
    public static IServiceCollection AddClusterReaders(this IServiceCollection services) => services
        .AddSingleton<EventReader>()
        .AddSingleton<PodReader>()
        .AddSingleton<LogReader>()
        .AddSingleton<WorkloadReader>()
        .AddSingleton<RolloutHistoryReader>()
        .AddSingleton<ObjectReader>()
        .AddSingleton<OwnerResolver>()
        .AddSingleton<ConfigMapHistoryReader>()
        .AddSingleton<EndpointReader>()
        .AddSingleton<NodeReader>()
        .AddSingleton<ObjectDescriber>();
}
