using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Thanos;

internal static class ThanosRegistration
{
    public static IServiceCollection AddThanos(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ThanosOptions>().Bind(configuration.GetSection(ThanosOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ThanosOptions>, ThanosOptionsValidator>();
        // The per-request timeout is ThanosOptions.Timeout; the HttpClient's own one only backstops it.
        services.AddHttpClient<ThanosClient>(c => c.Timeout = TimeSpan.FromMinutes(2));
        return services;
    }
}
