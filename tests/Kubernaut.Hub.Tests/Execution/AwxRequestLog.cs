using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;

namespace Kubernaut.Hub.Tests.Execution;

/// <summary>One call the AWX stand-in answered: method, path, what kind of bearer it carried, the status it returned.</summary>
public sealed record AwxRequest(string Method, string Path, string Bearer, int Status);

/// <summary>
/// Every request to the fleet's AWX API paths as its server received it (a middleware in front of the stand-in), so a
/// test can tell which base path the hub used and with which credential — the static AWX token or a Keycloak JWT.
/// </summary>
public sealed class AwxRequestLog(Func<string> staticToken) : IStartupFilter
{
    private readonly ConcurrentQueue<AwxRequest> _requests = new();

    public int Count => _requests.Count;

    /// <summary>The requests after the first <paramref name="skip"/> (those of earlier tests on the same fleet).</summary>
    public IReadOnlyList<AwxRequest> Since(int skip) => [.. _requests.Skip(skip)];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            await inner(context);
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/api/v2/", StringComparison.Ordinal) || path.StartsWith("/api/controller/v2/", StringComparison.Ordinal))
            {
                _requests.Enqueue(new AwxRequest(context.Request.Method, path, Kind(context.Request.Headers.Authorization.ToString()), context.Response.StatusCode));
            }
        });
        next(app);
    };

    private string Kind(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return "none";
        }

        var token = authorization["Bearer ".Length..].Trim();
        return token == staticToken() ? "static" : token.Count(c => c == '.') == 2 ? "jwt" : "other";
    }
}
