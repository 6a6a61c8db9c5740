using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Awx;

/// <summary>One input field of a credential type, as AWX describes it in <c>inputs.fields</c>.</summary>
internal sealed record CredentialInputField(string Id, string Label, string Type, bool Secret = false, bool Multiline = false, bool? Default = null, string HelpText = "");

/// <summary>A managed credential type (AWX ships these; ids differ per install, so clients look them up).</summary>
internal sealed record CredentialType(int Id, string Name, string Namespace, string Kind, IReadOnlyList<CredentialInputField> Fields, IReadOnlyList<string> Required)
{
    public CredentialInputField? Field(string id) => Fields.FirstOrDefault(f => f.Id == id);

    public object View(string basePath) => new
    {
        id = Id,
        type = "credential_type",
        url = $"{basePath}/credential_types/{Id}/",
        related = new Dictionary<string, string> { ["credentials"] = $"{basePath}/credential_types/{Id}/credentials/" },
        name = Name,
        description = "",
        kind = Kind,
        @namespace = Namespace,
        managed = true,
        inputs = new
        {
            fields = Fields.Select(f => FieldView(f)).ToList(),
            required = Required,
        },
        injectors = new JsonObject(),
    };

    private static JsonObject FieldView(CredentialInputField f)
    {
        var view = new JsonObject { ["id"] = f.Id, ["label"] = f.Label, ["type"] = f.Type };
        if (f.Secret)
        {
            view["secret"] = true;
        }

        if (f.Multiline)
        {
            view["multiline"] = true;
        }

        if (f.Default is { } d)
        {
            view["default"] = d;
        }

        if (f.HelpText.Length > 0)
        {
            view["help_text"] = f.HelpText;
        }

        return view;
    }
}

/// <summary>The managed credential types the stand-in offers: a machine type and the Kubernetes bearer-token type.</summary>
internal static class CredentialTypes
{
    public const string KubernetesNamespace = "kubernetes_bearer_token";

    /// <summary>Credential kinds AWX lets a launch attach.</summary>
    public static readonly IReadOnlySet<string> LaunchableKinds = new HashSet<string>(["ssh", "vault", "cloud", "net", "kubernetes"], StringComparer.Ordinal);

    public static readonly CredentialType Machine = new(1, "Machine", "ssh", "ssh",
        [
            new("username", "Username", "string"),
            new("password", "Password", "string", Secret: true),
            new("ssh_key_data", "SSH Private Key", "string", Secret: true, Multiline: true),
        ],
        []);

    public static readonly CredentialType Kubernetes = new(17, "OpenShift or Kubernetes API Bearer Token", KubernetesNamespace, "kubernetes",
        [
            new("host", "OpenShift or Kubernetes API Endpoint", "string", HelpText: "The OpenShift or Kubernetes API Endpoint to authenticate with."),
            new("bearer_token", "API authentication bearer token", "string", Secret: true),
            new("verify_ssl", "Verify SSL", "boolean", Default: true),
            new("ssl_ca_cert", "Certificate Authority data", "string", Secret: true, Multiline: true),
        ],
        ["host", "bearer_token"]);

    public static readonly IReadOnlyList<CredentialType> All = [Machine, Kubernetes];

    public static CredentialType? Find(int id) => All.FirstOrDefault(t => t.Id == id);
}
