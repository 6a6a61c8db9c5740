using System.Net;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Auth;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>
/// One cluster's kube-apiserver over HTTP: authentication, RBAC, discovery, CRUD, patch, watch and subresources.
/// </summary>
internal sealed partial class KubeApiHandler(SimulatedFleet fleet, ILogger<KubeApiHandler> logger)
{
    public async Task HandleAsync(HttpContext ctx, SimulatedCluster cluster, string path)
    {
        try
        {
            var parsed = KubePath.Parse(path);
            if (parsed is KubePath.ServerVersion or KubePath.Health)
            {
                await KubeResponses.WriteJsonAsync(ctx, parsed is KubePath.ServerVersion ? Discovery.Version() : "ok");
                return;
            }

            var user = Authenticate(ctx, cluster);
            await DispatchAsync(ctx, cluster, user, parsed);
        }
        catch (KubeApiException e)
        {
            if (!ctx.Response.HasStarted)
            {
                await KubeResponses.WriteErrorAsync(ctx, e);
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            await KubeResponses.WriteErrorAsync(ctx, KubeApiException.BadRequest($"the body of the request was in an unknown format: {e.Message}"));
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a watch closing); nothing to answer.
        }
    }

    private UserInfo Authenticate(HttpContext ctx, SimulatedCluster cluster)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var user = fleet.Authenticate(cluster, bearer) ?? throw KubeApiException.Unauthorized();
        return Impersonation.Apply(ctx, cluster, user);
    }

    private Task DispatchAsync(HttpContext ctx, SimulatedCluster cluster, UserInfo user, KubePath path) => path switch
    {
        KubePath.Root => KubeResponses.WriteJsonAsync(ctx, new JsonObject { ["paths"] = new JsonArray("/api", "/apis", "/version", "/openapi/v2", "/openapi/v3") }),
        KubePath.LegacyVersions => KubeResponses.WriteJsonAsync(ctx, Discovery.LegacyVersions(ctx.Request.Host.Value ?? "127.0.0.1")),
        KubePath.GroupList => KubeResponses.WriteJsonAsync(ctx, Discovery.GroupList(cluster.Catalog)),
        KubePath.ApiGroup g when cluster.Catalog.Versions(g.Name).Any() => KubeResponses.WriteJsonAsync(ctx, Discovery.Group(cluster.Catalog, g.Name)),
        KubePath.ResourceList r when cluster.Catalog.InGroupVersion(r.Group, r.Version).Any() =>
            KubeResponses.WriteJsonAsync(ctx, Discovery.ResourceList(cluster.Catalog, r.Group, r.Version)),
        KubePath.OpenApi o => OpenApi.WriteAsync(ctx, cluster.Catalog, o.Rest),
        KubePath.Resource r => HandleResourceAsync(ctx, cluster, user, r),
        _ => throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource"),
    };

    private async Task HandleResourceAsync(HttpContext ctx, SimulatedCluster cluster, UserInfo user, KubePath.Resource r)
    {
        var type = cluster.Catalog.Find(r.Group, r.Version, r.Plural)
            ?? throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource");
        if (r.Subresource.Length > 0 && !type.Subresources.Contains(r.Subresource))
        {
            throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", $"the server could not find the requested resource ({r.Plural}/{r.Subresource})");
        }

        if (r.Namespace is not null && !type.Namespaced)
        {
            throw new KubeApiException(HttpStatusCode.NotFound, "NotFound", $"{r.Plural} is not namespaced");
        }

        var verb = VerbOf(ctx.Request, r);
        var ns = type.Namespaced ? r.Namespace : null;
        if (!cluster.Authorizer.IsAllowed(user, new AccessRequest(verb, r.Group, r.Plural, r.Subresource, ns, r.Name)))
        {
            throw KubeApiException.Forbidden(user.Name, verb, r.Plural, r.Subresource, r.Group, ns, r.Name);
        }

        var request = new ResourceRequest(ctx, cluster, user, type, ns, r.Name, r.Subresource, verb);
        if (r.Subresource.Length > 0 && r.Subresource != "status")
        {
            await Subresources.HandleAsync(request);
            return;
        }

        if (!type.Verbs.Contains(verb))
        {
            throw KubeApiException.MethodNotAllowed($"{verb} is not supported on {type.GroupResource}");
        }

        if (type.Group is "authentication.k8s.io" or "authorization.k8s.io")
        {
            await Reviews.HandleAsync(request);
            return;
        }

        await (verb switch
        {
            "get" => GetAsync(request),
            "list" => ListAsync(request),
            "watch" => WatchStream.ServeAsync(request, logger),
            "create" => CreateAsync(request),
            "update" => UpdateAsync(request),
            "patch" => PatchAsync(request),
            "delete" => DeleteAsync(request),
            "deletecollection" => DeleteCollectionAsync(request),
            _ => throw KubeApiException.MethodNotAllowed($"unsupported verb {verb}"),
        });
    }

    private static string VerbOf(HttpRequest request, KubePath.Resource r) => request.Method switch
    {
        "GET" when r.Name is null => IsWatch(request) ? "watch" : "list",
        "GET" when IsWatch(request) => "watch",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when r.Name is null => "deletecollection",
        "DELETE" => "delete",
        _ => throw KubeApiException.MethodNotAllowed($"method {request.Method} is not supported"),
    };

    private static bool IsWatch(HttpRequest request) =>
        request.Query["watch"].ToString() is "true" or "1" or "True";
}
