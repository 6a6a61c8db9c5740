using System.Net;
using Kubernaut.KindFleet.ApiServer;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ClusterProxy;

/// <summary>
/// The cluster-proxy user-server URL form: <c>/cluster-proxy/{cluster}/{kube-api-path}</c> reaches the spoke's API,
/// and <c>.../api/v1/namespaces/{ns}/services/{[scheme:]svc[:port]}/proxy-service/{path}</c> an HTTP service inside it.
/// The Authorization header passes through untouched, as the real user-server forwards it.
/// </summary>
internal static class ClusterProxyEndpoints
{
    public static IEndpointRouteBuilder MapClusterProxy(this IEndpointRouteBuilder app)
    {
        app.Map("/cluster-proxy/{cluster}/{**path}", async (HttpContext ctx, string cluster, string? path, SimulatedFleet fleet,
            KubeApiHandler handler, IHttpClientFactory clients) =>
        {
            var target = fleet.Find(cluster);
            if (target is null)
            {
                await KubeResponses.WriteErrorAsync(ctx, new KubeApiException(HttpStatusCode.NotFound, "NotFound", $"managed cluster \"{cluster}\" has no proxy agent"));
                return;
            }

            var segments = (path ?? "").Split('/');
            if (segments is ["api", "v1", "namespaces", var ns, "services", var svc, "proxy-service", ..])
            {
                await ServiceProxy.ForwardAsync(ctx, fleet, clients, cluster, ns, svc, string.Join('/', segments[7..]));
                return;
            }

            await handler.HandleAsync(ctx, target, path ?? "");
        });
        return app;
    }
}
