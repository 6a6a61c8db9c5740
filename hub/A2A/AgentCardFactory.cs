using Kubernaut.Hub.A2A.Wire;
using Kubernaut.Hub.Identity;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.A2A;

/// <summary>
/// Describes the hub to other agents: where to call it, what it can do (investigate, remediate, report status) and
/// how to authenticate (client credentials against the hub's Keycloak realm; the bearer token goes on every call).
/// </summary>
internal sealed class AgentCardFactory(IOptions<A2AOptions> options, IOptions<IdentityOptions> identity)
{
    public const string ProtocolVersion = "0.3.0";
    private static readonly string[] Modes = ["text/plain", "application/json"];

    public AgentCard Build(Uri requestBase)
    {
        var o = options.Value;
        var url = (o.PublicUrl ?? new Uri(requestBase, o.Path.TrimStart('/'))).AbsoluteUri;
        var (schemes, security) = Security(identity.Value);
        return new AgentCard(
            ProtocolVersion,
            o.AgentName,
            "Kubernaut investigates and remediates incidents across a fleet of OCM-managed Kubernetes clusters: describe a symptom in words, " +
            "watch the findings stream in, choose one of the workflow options, and follow the fix to verified recovery.",
            url,
            "JSONRPC",
            [new AgentInterface(url, "JSONRPC")],
            o.AgentVersion,
            new AgentProvider("Kubernaut", "https://kubernaut.ai"),
            new AgentCapabilities(Streaming: true, PushNotifications: false, StateTransitionHistory: false),
            schemes,
            security,
            Modes,
            Modes,
            Skills);
    }

    private static readonly AgentSkill[] Skills =
    [
        new("investigate", "Investigate an incident",
            "Reads a symptom in plain language (or joins the investigation an alert already started), finds the root cause on the cluster " +
            "and streams the findings; ends waiting for a choice among workflow options (structured data: workflow, description, risk, confidence, parameters).",
            ["kubernetes", "ocm", "investigation", "rca"],
            ["The payment processing in prod-eu-west feels sluggish since this morning.", "What's going on with checkout-service in prod-us-east?"],
            ["text/plain"], Modes),
        new("remediate", "Remediate with a chosen workflow",
            "A follow-up on an investigation's task that picks an option (\"go with scale-statefulset\") approves it; the task then follows " +
            "execution and verification until the fix is confirmed. Needs the approver role.",
            ["kubernetes", "remediation", "approval", "awx"],
            ["Go with scale-statefulset.", "Go with rollback-config — the cache change wasn't approved."],
            ["text/plain"], Modes),
        new("status", "Report on a remediation",
            "Answers follow-up questions from the investigation's evidence and reports the remediation's phase; tasks/get and tasks/resubscribe give the whole story.",
            ["kubernetes", "status"],
            ["What can we do to fix it?", "Is it fixed?"],
            ["text/plain"], Modes),
    ];

    private static (IReadOnlyDictionary<string, SecurityScheme>?, IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<string>>>?) Security(IdentityOptions identity)
    {
        if (identity.Authority is not { IsAbsoluteUri: true } realm)
        {
            return (null, null);
        }

        var realmUrl = realm.AbsoluteUri.TrimEnd('/');
        var schemes = new Dictionary<string, SecurityScheme>
        {
            ["keycloak"] = new("oauth2",
                Description: $"Client credentials against the Keycloak realm; tokens must carry audience {identity.Audience} and the role the method needs " +
                    "(viewer to read, investigator or operator to start, approver to decide or cancel).",
                Flows: new OAuthFlows(new ClientCredentialsFlow(realmUrl + "/protocol/openid-connect/token", new Dictionary<string, string>())),
                OAuth2MetadataUrl: realmUrl + "/.well-known/openid-configuration"),
            ["bearer"] = new("http", Description: "A Keycloak access token of the realm " + realmUrl, Scheme: "bearer", BearerFormat: "JWT"),
        };
        IReadOnlyList<string> none = [];
        return (schemes, [new Dictionary<string, IReadOnlyList<string>> { ["keycloak"] = none }, new Dictionary<string, IReadOnlyList<string>> { ["bearer"] = none }]);
    }
}
