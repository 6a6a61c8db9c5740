using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Workflows;

namespace Kubernaut.Hub.Selection;

internal static class SelectionRegistration
{
    public static IServiceCollection AddSelection(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SelectionOptions>().Bind(configuration.GetSection(SelectionOptions.Section));
        services.AddSingleton<ISelectionConstraint, ConfiguredSelectionConstraint>();
        if (WorkflowRegistration.UsesReal(configuration, "Proposal"))
        {
            services.AddSingleton<IProposalStage, ProposalStage>();
        }

        return services;
    }
}
