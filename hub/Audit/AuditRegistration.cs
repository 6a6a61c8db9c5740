using Kubernaut.Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Audit;

internal static partial class AuditRegistration
{
    public const string ReadinessPart = "audit";

    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.AddSingleton<AuditNotifier>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuditOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var notifier = sp.GetRequiredService<AuditNotifier>();
            IAuditTrail store = options.Provider == AuditProviders.Postgres
                ? new PostgresAuditTrail(options.ConnectionString, time)
                : new SqliteAuditTrail(options.ConnectionString, time);
            return new RecentAuditTrail(store, notifier);
        });
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<RecentAuditTrail>());
        services.AddSingleton<IAuditFollower>(sp => sp.GetRequiredService<RecentAuditTrail>());
        services.AddHostedService<AuditInitializer>();
        return services;
    }

    /// <summary>Creates the table (and its append-only triggers) before the hub reports ready.</summary>
    private sealed partial class AuditInitializer(IAuditTrail trail, HubReadiness readiness, ILogger<AuditInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            readiness.Require(ReadinessPart, "audit trail not initialised");
            await trail.InitializeAsync(cancellationToken);
            readiness.MarkReady(ReadinessPart);
            LogReady(logger, trail.GetType().Name);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "audit trail ready ({Store})")]
        private static partial void LogReady(ILogger logger, string store);
    }
}
