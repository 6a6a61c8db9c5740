namespace Kubernaut.Hub.Events;

internal static class EventsRegistration
{
    public static IServiceCollection AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventStreamOptions>().Bind(configuration.GetSection(EventStreamOptions.Section));
        return services;
    }
}
