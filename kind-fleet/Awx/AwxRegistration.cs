namespace Kubernaut.KindFleet.Awx;

/// <summary>Registration hooks for the AWX stand-in on the fleet host.</summary>
public static class AwxRegistration
{
    public static IServiceCollection AddAwxStandIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AwxOptions>().Bind(configuration.GetSection(AwxOptions.Section));
        services.AddSingleton<AwxServer>();
        services.AddSingleton<AwxRealmTokens>();
        services.AddSingleton<AwxJobTemplateCatalog>();
        services.AddSingleton<AwxCredentialStore>();
        services.AddSingleton<AwxJobStore>();
        services.AddSingleton<AnsibleJobRunner>();
        services.AddSingleton<AwxJobDispatcher>();
        return services;
    }

    /// <summary>Maps the API under every configured base path (<c>/api/v2</c>, <c>/api/controller/v2</c>, each per mount prefix).</summary>
    public static IEndpointRouteBuilder MapAwxStandIn(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AwxOptions>>().Value;
        foreach (var basePath in options.BasePaths)
        {
            // AWX answers ping without authentication.
            app.MapGet(basePath + "/ping/", () => AwxJson.Ok(new
            {
                ha = false,
                version = "24.6.1",
                active_node = "localhost",
                install_uuid = "00000000-0000-4000-8000-00000000a0a0",
                instances = new[] { new { node = "localhost", node_type = "hybrid", heartbeat = "", capacity = options.MaxConcurrentJobs, version = "24.6.1" } },
                instance_groups = new[] { new { name = "default", capacity = options.MaxConcurrentJobs, instances = new[] { "localhost" } } },
            }));

            var api = app.MapGroup(basePath).AddEndpointFilter(AuthenticateAsync);
            AwxDirectoryEndpoints.Map(api, basePath);
            AwxCredentialEndpoints.Map(api, basePath);
            AwxJobTemplateEndpoints.Map(api, basePath);
            AwxJobEndpoints.Map(api, basePath);
        }

        return app;
    }

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (bearer is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"api\"";
            return AwxJson.Detail(StatusCodes.Status401Unauthorized, "Authentication credentials were not provided.");
        }

        if (!http.RequestServices.GetRequiredService<AwxServer>().Accepts(bearer)
            && !await http.RequestServices.GetRequiredService<AwxRealmTokens>().AcceptsAsync(bearer, http.Request))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer realm=\"api\"";
            return AwxJson.Detail(StatusCodes.Status401Unauthorized, "Invalid token.");
        }

        return await next(context);
    }
}
