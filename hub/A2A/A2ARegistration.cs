using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// The A2A front (protocol v0.3.0, JSON-RPC transport): the agent card at <c>/.well-known/agent-card.json</c> (and
/// the v0.2 <c>/.well-known/agent.json</c>) and the JSON-RPC endpoint at <c>A2A:Path</c> (<c>/a2a</c>).
/// </summary>
internal static class A2ARegistration
{
    public static IServiceCollection AddA2A(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<A2AOptions>().Bind(configuration.GetSection(A2AOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<A2AOptions>, A2AOptionsValidator>();
        services.AddAuthorizationPolicyEvaluator();
        services.AddSingleton<AgentCardFactory>();
        services.AddSingleton<A2AAccess>();
        services.AddSingleton<ITaskLinks, SessionTaskLinks>();
        services.AddSingleton<TaskFeed>();
        services.AddSingleton<A2ATasks>();
        services.AddSingleton<A2AMethods>();
        return services;
    }

    public static IEndpointRouteBuilder MapA2A(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<A2AOptions>>().Value;
        return app.MapA2AEndpoints(options.Path);
    }
}

internal sealed class A2AOptionsValidator : IValidateOptions<A2AOptions>
{
    public ValidateOptionsResult Validate(string? name, A2AOptions options)
    {
        var errors = new List<string>();
        if (!options.Path.StartsWith('/') || options.Path.Length < 2)
        {
            errors.Add($"A2A:Path must be an absolute path below the hub's root, e.g. /a2a (was {options.Path}).");
        }

        if (options.PublicUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
        {
            errors.Add($"A2A:PublicUrl must be an absolute http(s) URL of the JSON-RPC endpoint (was {url}).");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.KeepAlive <= TimeSpan.Zero || options.BlockingTimeout <= TimeSpan.Zero)
        {
            errors.Add("A2A:PollInterval, A2A:KeepAlive and A2A:BlockingTimeout must be positive.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
