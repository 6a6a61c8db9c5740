using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Kubernaut.SpokeAddon.Auth;

/// <summary>
/// RFC 6750 refusals that tell the caller what to fix: 401 with <c>WWW-Authenticate: Bearer error="invalid_token",
/// error_description="..."</c> (no error code when no token was sent), 403 with <c>error="insufficient_scope"</c>,
/// and the same fields as a JSON body.
/// </summary>
internal static class AuthResponses
{
    public static Task WriteUnauthorizedAsync(JwtBearerChallengeContext context, string issuer, string audience)
    {
        context.HandleResponse();
        var (error, description) = context.AuthenticateFailure switch
        {
            null => ((string?)null, $"no bearer token: send Authorization: Bearer <access token> issued by {issuer} for audience {audience}"),
            SecurityTokenExpiredException e => ("invalid_token", $"the token expired at {e.Expires:O}; request a new one from {issuer}"),
            SecurityTokenNotYetValidException e => ("invalid_token", $"the token is not valid before {e.NotBefore:O}"),
            SecurityTokenInvalidAudienceException => ("invalid_token", $"the token is not for this server: its audience (aud) must include {audience}"),
            SecurityTokenInvalidIssuerException => ("invalid_token", $"the token was not issued by {issuer}"),
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException
                => ("invalid_token", $"the token's signature matches no key of {issuer}: it was issued by another realm or server"),
            _ => ("invalid_token", "the token is malformed or cannot be validated"),
        };
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthResponses));
        AuthLog.Unauthenticated(logger, description);
        return WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, audience, error, description);
    }

    public static Task WriteForbiddenAsync(ForbiddenContext context, string role, string resource)
    {
        var user = context.HttpContext.User;
        var who = user.Identity?.Name ?? user.FindFirst("sub")?.Value;
        var description = $"{who ?? "the caller"} lacks the role {role} (realm_access.roles or resource_access.{resource}.roles); " +
            "only investigation identities may call this server";
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthResponses));
        AuthLog.Forbidden(logger, who, description);
        return WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, resource, "insufficient_scope", description);
    }

    private static Task WriteAsync(HttpContext http, int status, string realm, string? error, string description)
    {
        http.Response.StatusCode = status;
        var challenge = $"Bearer realm=\"{realm}\"";
        if (error is not null)
        {
            challenge += $", error=\"{error}\"";
        }

        http.Response.Headers.WWWAuthenticate = challenge + $", error_description=\"{description.Replace('"', '\'')}\"";
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["error"] = error ?? "unauthorized",
            ["error_description"] = description,
        }), http.RequestAborted);
    }
}
