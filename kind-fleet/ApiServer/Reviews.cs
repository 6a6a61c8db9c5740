using System.Net;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Auth;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.ApiServer;

/// <summary>TokenReview, the SubjectAccessReview family and SelfSubjectReview: computed, never stored.</summary>
internal static class Reviews
{
    public static async Task HandleAsync(ResourceRequest r)
    {
        var review = await r.ReadObjectAsync();
        review["apiVersion"] = r.Type.ApiVersion;
        review["kind"] = r.Type.Kind;
        review["status"] = r.Type.Plural switch
        {
            "tokenreviews" => TokenReview(r, review),
            "selfsubjectaccessreviews" => Access(r, r.User, review),
            "subjectaccessreviews" or "localsubjectaccessreviews" => Access(r, Subject(review), review),
            "selfsubjectrulesreviews" => Rules(r, review),
            "selfsubjectreviews" => new JsonObject { ["userInfo"] = UserJson(r.User) },
            _ => throw new InvalidOperationException(r.Type.Plural),
        };
        await KubeResponses.WriteJsonAsync(r.Http, review, HttpStatusCode.Created);
    }

    private static JsonObject TokenReview(ResourceRequest r, JsonObject review)
    {
        var token = review["spec"].Str("token") ?? "";
        var user = r.Cluster.Tokens.Authenticate(token, r.Cluster.ServiceAccountUid);
        return user is null
            ? new JsonObject { ["authenticated"] = false, ["error"] = "invalid bearer token" }
            : new JsonObject { ["authenticated"] = true, ["user"] = UserJson(user) };
    }

    private static UserInfo Subject(JsonObject review)
    {
        var spec = review["spec"];
        var groups = (spec?["groups"] as JsonArray)?.Select(g => g.ScalarText() ?? "").ToList() ?? [];
        return new UserInfo(spec.Str("user") ?? "", groups, spec.Str("uid") ?? "");
    }

    private static JsonObject Access(ResourceRequest r, UserInfo user, JsonObject review)
    {
        var spec = review["spec"];
        if (spec?["nonResourceAttributes"] is JsonObject)
        {
            return new JsonObject { ["allowed"] = true, ["reason"] = "discovery is open to authenticated users" };
        }

        var a = spec?["resourceAttributes"] ?? new JsonObject();
        var request = new AccessRequest(a.Str("verb") ?? "", a.Str("group") ?? "", a.Str("resource") ?? "", a.Str("subresource") ?? "",
            a.Str("namespace") is { Length: > 0 } ns ? ns : r.Namespace, a.Str("name") is { Length: > 0 } n ? n : null);
        var allowed = r.Cluster.Authorizer.IsAllowed(user, request);
        return new JsonObject { ["allowed"] = allowed, ["reason"] = allowed ? "allowed by RBAC" : "" };
    }

    private static JsonObject Rules(ResourceRequest r, JsonObject review)
    {
        var ns = review["spec"].Str("namespace");
        var rules = r.User.IsMaster
            ? [new JsonObject { ["verbs"] = new JsonArray("*"), ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*") }]
            : r.Cluster.Authorizer.RulesFor(r.User, ns).Select(rule => (JsonObject)rule.DeepClone()).ToList();
        return new JsonObject
        {
            ["resourceRules"] = new JsonArray([.. rules]),
            ["nonResourceRules"] = new JsonArray(new JsonObject
            {
                ["verbs"] = new JsonArray("get"),
                ["nonResourceURLs"] = new JsonArray("/api", "/api/*", "/apis", "/apis/*", "/version", "/openapi/*", "/healthz"),
            }),
            ["incomplete"] = false,
        };
    }

    private static JsonObject UserJson(UserInfo user) => new()
    {
        ["username"] = user.Name,
        ["uid"] = user.Uid,
        ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]),
    };
}
