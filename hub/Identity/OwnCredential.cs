using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Kubernaut.Hub.Identity;

/// <summary>
/// Marks an endpoint that checks its own credential (the Alertmanager receiver's static bearer token or basic auth).
/// The realm's JwtBearer leaves its requests alone: the token there is not a JWT, and trying it would cost a failed
/// validation and an information-level log entry per webhook.
/// </summary>
internal sealed class OwnCredential
{
    public static OwnCredential Instance { get; } = new();

    private OwnCredential()
    {
    }

    public static IEndpointConventionBuilder Require(IEndpointConventionBuilder endpoint) => endpoint.WithMetadata(Instance);

    /// <summary>The JwtBearer hook that skips endpoints marked with <see cref="OwnCredential"/>.</summary>
    public static Task SkipMarkedEndpoints(MessageReceivedContext context)
    {
        if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<OwnCredential>() is not null)
        {
            context.NoResult();
        }

        return Task.CompletedTask;
    }
}
