namespace Kubernaut.Hub.Sessions;

internal static class SessionsRegistration
{
    /// <summary>Interactive sessions: <see cref="IConversation"/> over InvestigationSession CRs (the CRD is installed with the RR's).</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddSingleton<InvestigationSessionStore>();
        services.AddSingleton<RunningRequestFinder>();
        services.AddSingleton<Conversation>();
        services.AddSingleton<IConversation>(sp => sp.GetRequiredService<Conversation>());
        return services;
    }
}
