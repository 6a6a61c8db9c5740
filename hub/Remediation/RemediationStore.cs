using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Autorest;
using Kubernaut.Hub.Hosting;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Remediation;

/// <summary>
/// RemediationRequests as custom resources on the hub cluster: the hub keeps no other copy of their state, so any
/// replica (or the next process after a crash) resumes from here. Status writes carry the resourceVersion they read,
/// which makes every read-modify-write safe against other replicas.
/// </summary>
internal sealed class RemediationStore(IKubernetes hub, IOptions<HubOptions> options)
{
    private const int MaxConflictRetries = 200;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private string Namespace => options.Value.Namespace;

    /// <summary>After every status this process wrote (lets in-memory views, such as coalesced counts, follow at once).</summary>
    public event Action<RemediationRequest>? StatusWritten;

    public async Task<RemediationRequest?> GetAsync(string name, CancellationToken ct)
    {
        try
        {
            var obj = await hub.CustomObjects.GetNamespacedCustomObjectAsync(RemediationRequest.Group, RemediationRequest.Version, Namespace,
                RemediationRequest.Plural, name, ct);
            return Read(obj);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<RemediationRequest>> ListAsync(string? labelSelector, CancellationToken ct)
    {
        var obj = await hub.CustomObjects.ListNamespacedCustomObjectAsync(RemediationRequest.Group, RemediationRequest.Version, Namespace,
            RemediationRequest.Plural, labelSelector: labelSelector, cancellationToken: ct);
        var element = (JsonElement)obj;
        return [.. element.GetProperty("items").EnumerateArray().Select(i => i.Deserialize<RemediationRequest>(Json)!)];
    }

    /// <summary>Creates the request; returns null when an object of that name already exists (another replica won).</summary>
    public async Task<RemediationRequest?> TryCreateAsync(RemediationRequest rr, CancellationToken ct)
    {
        rr.Metadata.Namespace = Namespace;
        try
        {
            var created = await hub.CustomObjects.CreateNamespacedCustomObjectAsync(JsonSerializer.SerializeToElement(rr, Json),
                RemediationRequest.Group, RemediationRequest.Version, Namespace, RemediationRequest.Plural, cancellationToken: ct);
            return Read(created);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads the request, lets <paramref name="mutate"/> change its status (returning false to leave it alone) and writes
    /// it back conditionally on the resourceVersion read; on a conflict, reads again and re-applies. Returns the stored
    /// request (unchanged when mutate declined), or null when it does not exist.
    /// </summary>
    public async Task<RemediationRequest?> UpdateStatusAsync(string name, Func<RemediationRequest, bool> mutate, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var rr = await GetAsync(name, ct);
            if (rr is null || !mutate(rr))
            {
                return rr;
            }

            try
            {
                var updated = Read(await hub.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(JsonSerializer.SerializeToElement(rr, Json),
                    RemediationRequest.Group, RemediationRequest.Version, Namespace, RemediationRequest.Plural, name, cancellationToken: ct));
                StatusWritten?.Invoke(updated);
                return updated;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Someone else wrote in between: re-read and re-apply the change to their version.
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }

        throw new InvalidOperationException($"remediation request {name} kept changing under {MaxConflictRetries} attempts to update it");
    }

    private static RemediationRequest Read(object obj) => ((JsonElement)obj).Deserialize<RemediationRequest>(Json)!;
}
