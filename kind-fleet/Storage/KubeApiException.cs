using System.Net;

namespace Kubernaut.KindFleet.Storage;

/// <summary>A failure the API server reports as a Kubernetes <c>Status</c> object.</summary>
internal sealed class KubeApiException(HttpStatusCode code, string reason, string message, string? kind = null, string? name = null)
    : Exception(message)
{
    public HttpStatusCode Code { get; } = code;

    public string Reason { get; } = reason;

    public string? Kind { get; } = kind;

    public string? Name { get; } = name;

    public static KubeApiException NotFound(string resource, string name) =>
        new(HttpStatusCode.NotFound, "NotFound", $"{resource} \"{name}\" not found", resource, name);

    public static KubeApiException AlreadyExists(string resource, string name) =>
        new(HttpStatusCode.Conflict, "AlreadyExists", $"{resource} \"{name}\" already exists", resource, name);

    public static KubeApiException Conflict(string resource, string name) =>
        new(HttpStatusCode.Conflict, "Conflict",
            $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            resource, name);

    public static KubeApiException BadRequest(string message) => new(HttpStatusCode.BadRequest, "BadRequest", message);

    public static KubeApiException Invalid(string kind, string name, string message) =>
        new(HttpStatusCode.UnprocessableEntity, "Invalid", $"{kind} \"{name}\" is invalid: {message}", kind, name);

    public static KubeApiException MethodNotAllowed(string message) => new(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", message);

    public static KubeApiException Gone(string message) => new(HttpStatusCode.Gone, "Expired", message);

    public static KubeApiException Unauthorized() => new(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");

    /// <summary>The authorizer's denial, worded as kube-apiserver words it (the subresource appears in the "cannot" clause only).</summary>
    public static KubeApiException Forbidden(string user, string verb, string resource, string subresource, string group, string? ns, string? name)
    {
        var qualified = group.Length > 0 ? $"{resource}.{group}" : resource;
        var attribute = subresource.Length > 0 ? $"{resource}/{subresource}" : resource;
        return new(HttpStatusCode.Forbidden, "Forbidden",
            $"{qualified}{(name is null ? "" : $" \"{name}\"")} is forbidden: User \"{user}\" cannot {verb} resource \"{attribute}\" in API group \"{group}\"" +
            (ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\""),
            qualified, name);
    }
}
