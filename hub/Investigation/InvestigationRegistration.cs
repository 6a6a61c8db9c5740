using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Kubernaut.Hub.Investigation.Context;
using Kubernaut.Hub.Investigation.Engine;
using Kubernaut.Hub.Investigation.Llm;
using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Thanos;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Investigation;

internal static class InvestigationRegistration
{
    public static IServiceCollection AddInvestigation(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(InvestigationOptions.Section);
        services.AddOptions<InvestigationOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<InvestigationOptions>, InvestigationOptionsValidator>();
        services.AddThanos(configuration);
        var caFile = section.GetValue<string>(nameof(InvestigationOptions.SpokeMcpCaFile));
        services.AddHttpClient(SpokeMcpConnector.HttpClientName, c => c.Timeout = TimeSpan.FromMinutes(1))
            .ConfigurePrimaryHttpMessageHandler(() => SpokeHandler(caFile));
        services.AddSingleton<SpokeMcpConnector>();
        services.AddSingleton<DeterministicInvestigator>();
        services.AddSingleton<LlmInvestigator>();
        services.AddSingleton<IInvestigationContextProvider, MaintenanceWindowProvider>();

        // Scripted keeps the lifecycle's stand-in stage (RemediationRegistration falls back to it when none is registered).
        if (section.GetValue(nameof(InvestigationOptions.Mode), InvestigationMode.Deterministic) != InvestigationMode.Scripted)
        {
            services.AddSingleton<IInvestigationStage, InvestigationStage>();
        }

        return services;
    }

    /// <summary>Trusts the system's CAs plus, when configured, cluster-proxy's own CA (its user server is usually signed by it).</summary>
    private static SocketsHttpHandler SpokeHandler(string? caFile)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (caFile is { Length: > 0 } && File.Exists(caFile))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (errors == SslPolicyErrors.None)
                {
                    return true;
                }

                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(roots);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return handler;
    }
}
