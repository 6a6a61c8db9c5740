using System.Net;
using k8s.Autorest;
using ModelContextProtocol;

namespace Kubernaut.SpokeAddon.Kubernetes;

/// <summary>Turns API-server refusals into messages the caller (a model or the hub) can act on.</summary>
internal static class KubeErrors
{
    public static async Task<T> ReadAsync<T>(string what, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new McpException($"{what} not found");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new McpException($"the addon's service account may not read {what} (RBAC)");
        }
        catch (HttpOperationException e)
        {
            throw new McpException($"reading {what} failed: HTTP {(int)e.Response.StatusCode}");
        }
    }

    /// <summary>For optional reads (an owner that was deleted, a kind this cluster does not serve): null instead of an error.</summary>
    public static async Task<T?> TryReadAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }
    }
}
