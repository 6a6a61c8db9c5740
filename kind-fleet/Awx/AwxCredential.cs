using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Awx;

/// <summary>A stored credential. <see cref="Inputs"/> holds secrets in the clear; only the job runner reads them.</summary>
internal sealed record AwxCredential(int Id, string Name, string Description, int? Organization, int? User, int? Team, CredentialType Type,
    IReadOnlyDictionary<string, JsonNode?> Inputs, DateTimeOffset Created)
{
    public const string Encrypted = "$encrypted$";

    public string? Input(string id) => Inputs.GetValueOrDefault(id)?.ScalarText();

    public IEnumerable<string> SecretValues =>
        Type.Fields.Where(f => f.Secret).Select(f => Input(f.Id)).OfType<string>().Where(v => v.Length > 0);

    /// <summary>AWX's read view: secret inputs are replaced by <c>$encrypted$</c>, never echoed.</summary>
    public object View(string basePath)
    {
        var inputs = new JsonObject();
        foreach (var (key, value) in Inputs)
        {
            inputs[key] = Type.Field(key) is { Secret: true } ? Encrypted : value?.DeepClone();
        }

        return new
        {
            id = Id,
            type = "credential",
            url = $"{basePath}/credentials/{Id}/",
            related = new Dictionary<string, string> { ["credential_type"] = $"{basePath}/credential_types/{Type.Id}/" },
            summary_fields = new
            {
                credential_type = new { id = Type.Id, name = Type.Name, description = "" },
                organization = Organization is null ? null : new { id = Organization, name = AwxOrganizations.DefaultName },
            },
            created = AwxJson.Timestamp(Created),
            modified = AwxJson.Timestamp(Created),
            name = Name,
            description = Description,
            organization = Organization,
            credential_type = Type.Id,
            managed = false,
            inputs,
            kind = Type.Kind,
            cloud = false,
            kubernetes = Type.Kind == "kubernetes",
        };
    }
}

/// <summary>Credentials in memory, by id.</summary>
internal sealed class AwxCredentialStore
{
    private readonly ConcurrentDictionary<int, AwxCredential> _credentials = new();
    private readonly Lock _createLock = new();
    private int _lastId;

    public IReadOnlyList<AwxCredential> All => [.. _credentials.Values.OrderBy(c => c.Id)];

    public AwxCredential? Find(int id) => _credentials.GetValueOrDefault(id);

    /// <summary>Adds a credential unless one with the same organization, name and type exists (AWX's uniqueness rule).</summary>
    public AwxCredential? TryAdd(Func<int, AwxCredential> create)
    {
        lock (_createLock)
        {
            var credential = create(_lastId + 1);
            if (_credentials.Values.Any(c => c.Name == credential.Name && c.Organization == credential.Organization && c.Type.Id == credential.Type.Id))
            {
                return null;
            }

            _lastId++;
            _credentials[credential.Id] = credential;
            return credential;
        }
    }

    public bool Remove(int id) => _credentials.TryRemove(id, out _);
}
