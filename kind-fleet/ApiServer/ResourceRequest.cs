using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Auth;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Selectors;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>An authorized request for one resource type, with what every handler needs.</summary>
internal sealed record ResourceRequest(
    HttpContext Http,
    SimulatedCluster Cluster,
    UserInfo User,
    ResourceType Type,
    string? Namespace,
    string? Name,
    string Subresource,
    string Verb)
{
    public string Query(string key) => Http.Request.Query[key].ToString();

    public bool DryRun => Query("dryRun") == "All";

    public LabelSelector Labels => LabelSelector.Parse(Query("labelSelector"));

    public FieldSelector Fields => FieldSelector.Parse(Query("fieldSelector"));

    public string RequiredName => Name ?? throw KubeApiException.BadRequest("a resource name is required");

    public string StoreNamespace => Namespace ?? "";

    /// <summary>The client asked for server-side printing (kubectl get).</summary>
    public bool WantsTable => Http.Request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    public async Task<JsonObject> ReadObjectAsync()
    {
        var node = await RequestBody.ReadAsync(Http.Request, Http.RequestAborted);
        return node as JsonObject ?? throw KubeApiException.BadRequest("the request body must be a JSON object");
    }
}
