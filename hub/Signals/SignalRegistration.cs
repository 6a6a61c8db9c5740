using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Signals.NaturalLanguage;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Signals;

internal static class SignalRegistration
{
    public static IServiceCollection AddSignals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignalOptions>().Bind(configuration.GetSection(SignalOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignalOptions>, SignalOptionsValidator>();
        services.AddSingleton(sp => new OccurrenceCoalescer(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RemediationStore>())
        {
            Validity = 3 * sp.GetRequiredService<IOptions<SignalOptions>>().Value.OccurrenceFlushInterval,
        });
        services.AddSingleton(sp => new ClusterLabel(sp.GetRequiredService<IOptions<SignalOptions>>().Value.ClusterLabel));
        services.AddSingleton<SignalIntake>();
        services.AddHostedService<OccurrenceFlusher>();
        services.AddSingleton<NaturalLanguageResolver>();
        return services;
    }

    public static IEndpointRouteBuilder MapSignals(this IEndpointRouteBuilder app)
    {
        app.MapAlertmanagerReceiver();
        app.MapNaturalLanguageSignals();
        return app;
    }
}
