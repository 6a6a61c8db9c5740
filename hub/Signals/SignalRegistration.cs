using Kubernaut.Hub.Signals.NaturalLanguage;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Signals;

internal static class SignalRegistration
{
    public static IServiceCollection AddSignals(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignalOptions>().Bind(configuration.GetSection(SignalOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignalOptions>, SignalOptionsValidator>();
        services.AddSingleton<SignalIntake>();
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
