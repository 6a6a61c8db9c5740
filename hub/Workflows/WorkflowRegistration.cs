namespace Kubernaut.Hub.Workflows;

internal static class WorkflowRegistration
{
    public static IServiceCollection AddWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section));
        services.AddSingleton<WorkflowCatalog>();
        services.AddHostedService<WorkflowInstaller>();
        return services;
    }

    /// <summary>Which implementation each remediation stage uses (section <c>Stages</c>): <c>Scripted</c> stands in, <c>Real</c> is the catalog/AWX/effectiveness one.</summary>
    public static bool UsesReal(IConfiguration configuration, string stage) =>
        string.Equals(configuration[$"Stages:{stage}"], "Real", StringComparison.OrdinalIgnoreCase);
}
