using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Hosting;

/// <summary>Composes the hub from its capabilities; Program and in-process tests both build it here.</summary>
internal static class HubHost
{
    /// <summary>Builds the hub; throws <see cref="OptionsValidationException"/> listing every configuration mistake.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.AddKubernautHub(args);
        var hub = builder.Configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.TryParse(hub.BindAddress, out var ip) ? ip : IPAddress.Loopback, hub.Port);
            // Bodies past the hub's own limit are drained to answer 413 cleanly; past this one Kestrel cuts the connection.
            k.Limits.MaxRequestBodySize = Math.Max(hub.MaxRequestBodyBytes * 16, 1024 * 1024);
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapKubernautHub();
        return app;
    }

    /// <summary>The address Kestrel bound, after start (resolves port 0).</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }
}
