using System.Globalization;

namespace Kubernaut.SpokeAddon.Hosting;

/// <summary>Everything the addon is told at start: where to listen, which cluster to read, whose tokens to accept.</summary>
public sealed class SpokeAddonOptions
{
    /// <summary>Address to bind; loopback unless the addon runs in a Pod behind a Service.</summary>
    public string Listen { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (printed at start).</summary>
    public int Port { get; set; }

    /// <summary>A kubeconfig file; without one the addon uses its Pod's in-cluster ServiceAccount.</summary>
    public string? Kubeconfig { get; set; }

    public string? Context { get; set; }

    /// <summary>The Keycloak realm URL (<c>https://kc/realms/kubernaut</c>): token issuer and JwtBearer authority.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>The audience every token must carry (Keycloak audience mapper / resource_access client).</summary>
    public string Audience { get; set; } = "kubernaut-spoke-mcp";

    /// <summary>The role a caller needs, from realm_access.roles or resource_access.&lt;RolesResource&gt;.roles.</summary>
    public string RequiredRole { get; set; } = "investigator";

    /// <summary>The client whose resource_access roles count; the audience when unset, as Keycloak.AuthServices does.</summary>
    public string? RolesResource { get; set; }

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound on one tool result, in characters of JSON.</summary>
    public int MaxOutputChars { get; set; } = 16_000;

    /// <summary>The clock tokens are validated against and tool time windows are measured on.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    /// <summary>Reads <c>--listen --port --kubeconfig --context --issuer --audience --role --clock-skew-seconds</c>.</summary>
    public static SpokeAddonOptions FromConfiguration(IConfiguration config) => new()
    {
        Listen = config["listen"] ?? "127.0.0.1",
        Port = int.Parse(config["port"] ?? "0", CultureInfo.InvariantCulture),
        Kubeconfig = config["kubeconfig"],
        Context = config["context"],
        Issuer = config["issuer"] is { Length: > 0 } issuer ? new Uri(issuer) : null,
        Audience = config["audience"] ?? "kubernaut-spoke-mcp",
        RequiredRole = config["role"] ?? "investigator",
        RolesResource = config["roles-resource"],
        ClockSkew = TimeSpan.FromSeconds(int.Parse(config["clock-skew-seconds"] ?? "30", CultureInfo.InvariantCulture)),
    };

    /// <summary>Every problem at once, naming the option, so a misconfigured Pod says all that is wrong in one log line.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Issuer is not { IsAbsoluteUri: true })
        {
            errors.Add("--issuer: the Keycloak realm URL (e.g. https://keycloak/realms/kubernaut) is required");
        }
        else if (Issuer.Scheme != Uri.UriSchemeHttps && !Issuer.IsLoopback)
        {
            errors.Add($"--issuer: {Issuer} must use https (plain http is accepted only on loopback)");
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            errors.Add("--audience: required");
        }

        if (Port is < 0 or > 65535)
        {
            errors.Add($"--port: {Port} is not a port");
        }

        if (Kubeconfig is not null && !File.Exists(Kubeconfig))
        {
            errors.Add($"--kubeconfig: {Kubeconfig} does not exist");
        }

        return errors;
    }
}
