using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Workflows;

namespace Kubernaut.Hub.Approval;

internal static class ApprovalRegistration
{
    public static IServiceCollection AddApproval(this IServiceCollection services, IConfiguration configuration)
    {
        if (WorkflowRegistration.UsesReal(configuration, "Approval"))
        {
            services.AddSingleton<IApprovalStage, ApprovalStage>();
        }

        return services;
    }
}
