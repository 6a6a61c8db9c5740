using Kubernaut.Hub.Identity;
using ModelContextProtocol.Protocol;

namespace Kubernaut.Hub.Mcp;

/// <summary>
/// The MCP gateway at <c>/mcp</c> (streamable HTTP, stateless: any replica answers any call, and a hub restart loses
/// nothing a client holds, since sessions are InvestigationSession CRs). Every call needs a Keycloak JWT with at least
/// the viewer role; each tool then checks its own role (<see cref="ToolGate"/>).
/// </summary>
internal static class McpRegistration
{
    public const string Path = "/mcp";

    public static IServiceCollection AddMcpGateway(this IServiceCollection services)
    {
        services.AddSingleton<ToolGate>();
        services.AddSingleton<WatchStream>();
        services.AddSingleton<RolloutObserver>();
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "kubernaut-hub", Version = "1.0.0" })
            .WithHttpTransport(o => o.Stateless = true)
            // Roles are checked before arguments are bound, so a caller without the right learns that first.
            .WithRequestFilters(filters => filters.AddCallToolFilter(next => async (context, ct) =>
                await context.Services!.GetRequiredService<ToolGate>().RefusalAsync(context.User, context.Params?.Name ?? "") is { } refusal
                    ? new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = refusal }] }
                    : await next(context, ct)))
            .WithTools<LifecycleTools>()
            .WithTools<InvestigationTools>()
            .WithTools<HistoryTools>()
            .WithTools<ClusterTools>();
        return services;
    }

    public static IEndpointRouteBuilder MapMcpGateway(this IEndpointRouteBuilder app)
    {
        app.MapMcp(Path).RequireAuthorization(HubPolicies.Viewer);
        return app;
    }
}
