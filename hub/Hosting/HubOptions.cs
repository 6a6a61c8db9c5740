using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Hosting;

/// <summary>Where the hub listens and which hub cluster it works against (section <c>Hub</c>).</summary>
internal sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>Port on <see cref="BindAddress"/>; 0 picks a free one (printed at start).</summary>
    public int Port { get; set; }

    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Kubeconfig of the OCM hub; empty means in-cluster config (or the default kubeconfig outside a cluster).</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Context in <see cref="Kubeconfig"/> that reaches the hub cluster; empty means the current context.</summary>
    public string? Context { get; set; }

    /// <summary>Hub namespace holding RemediationRequests and the leader Lease.</summary>
    public string Namespace { get; set; } = "kubernaut-system";

    /// <summary>Requests larger than this are refused with 413 before they are parsed.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}

internal sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var errors = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"Hub:Port must be between 0 and 65535 (was {options.Port}).");
        }

        if (!System.Net.IPAddress.TryParse(options.BindAddress, out _))
        {
            errors.Add($"Hub:BindAddress must be an IP address (was '{options.BindAddress}').");
        }

        if (!string.IsNullOrEmpty(options.Kubeconfig) && !File.Exists(options.Kubeconfig))
        {
            errors.Add($"Hub:Kubeconfig (--kubeconfig) names a file that does not exist: {options.Kubeconfig}.");
        }

        if (string.IsNullOrWhiteSpace(options.Namespace) || options.Namespace.Length > 63)
        {
            errors.Add("Hub:Namespace must be a namespace name of 1-63 characters.");
        }

        if (options.MaxRequestBodyBytes < 1024)
        {
            errors.Add("Hub:MaxRequestBodyBytes must be at least 1024.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
