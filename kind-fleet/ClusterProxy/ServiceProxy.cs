using System.Net;
using Kubernaut.KindFleet.ApiServer;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ClusterProxy;

/// <summary>Forwards a request to an HTTP service registered as running inside a simulated cluster, streaming both ways.</summary>
internal static class ServiceProxy
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Proxy-Connection", "TE", "Trailer",
    };

    public static async Task ForwardAsync(HttpContext ctx, SimulatedFleet fleet, IHttpClientFactory clients, string cluster, string ns, string serviceRef, string rest)
    {
        var target = ServiceTarget.Parse(ns, serviceRef);
        if (!ExposedServices.IsAllowed(fleet, target))
        {
            await KubeResponses.WriteErrorAsync(ctx, new KubeApiException(HttpStatusCode.Forbidden, "Forbidden",
                $"service {ns}/{target.Service} is not in the exposed services allowlist"));
            return;
        }

        var backend = fleet.Services.Find(cluster, ns, target.Service);
        if (backend is null)
        {
            await KubeResponses.WriteErrorAsync(ctx, new KubeApiException(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable",
                $"no endpoints available for service \"{ns}/{target.Service}\" in cluster {cluster}"));
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(ctx.Request.Method), new Uri(backend, rest + ctx.Request.QueryString));
        if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(ctx.Request.Body);
        }

        foreach (var (key, values) in ctx.Request.Headers)
        {
            if (HopByHop.Contains(key))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(key, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(key, values.ToArray());
            }
        }

        var client = clients.CreateClient(nameof(ServiceProxy));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.RequestAborted);
        ctx.Response.StatusCode = (int)response.StatusCode;
        foreach (var (key, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(key))
            {
                ctx.Response.Headers[key] = values.ToArray();
            }
        }

        await using var body = await response.Content.ReadAsStreamAsync(ctx.RequestAborted);
        await body.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
    }
}
