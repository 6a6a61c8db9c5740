using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Fleet;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Investigation;
using Kubernaut.Hub.LeaderElection;
using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Signals;
using Kubernaut.Hub.Thanos;
using Kubernaut.Hub.TrustLadder;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Hosting;

/// <summary>
/// Validates every options section before anything uses one, so a misconfigured hub stops at once with all of its
/// mistakes listed (ValidateOnStart alone reports only the first section some service happened to read).
/// </summary>
internal static class OptionsCheck
{
    public static void ValidateAll(IServiceProvider services)
    {
        var failures = new List<string>();
        Collect<HubOptions>(services, failures);
        Collect<FleetOptions>(services, failures);
        Collect<AuditOptions>(services, failures);
        Collect<TrustLadderOptions>(services, failures);
        Collect<GuardrailOptions>(services, failures);
        Collect<LifecycleOptions>(services, failures);
        Collect<SignalOptions>(services, failures);
        Collect<LeaderElectionOptions>(services, failures);
        Collect<IdentityOptions>(services, failures);
        Collect<InvestigationOptions>(services, failures);
        Collect<ThanosOptions>(services, failures);
        Collect<A2A.A2AOptions>(services, failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(HubOptions), failures);
        }
    }

    private static void Collect<T>(IServiceProvider services, List<string> failures)
        where T : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
    }
}
