using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Sessions;

/// <summary>
/// InvestigationSessions as custom resources in the hub namespace. Like the RemediationStore, every write carries the
/// resourceVersion it read and is retried on a conflict, so participants joining on several replicas at once never
/// lose one another.
/// </summary>
internal sealed class InvestigationSessionStore(IKubernetes hub, IOptions<HubOptions> options)
{
    private const int MaxConflictRetries = 100;

    private string Namespace => options.Value.Namespace;

    public async Task<InvestigationSession?> GetAsync(string name, CancellationToken ct)
    {
        try
        {
            return Read(await hub.CustomObjects.GetNamespacedCustomObjectAsync(InvestigationSession.Group, InvestigationSession.Version, Namespace,
                InvestigationSession.Plural, name, ct));
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The session a protocol id (<c>a2a:&lt;task&gt;</c>, <c>mcp:&lt;session&gt;</c>) was linked to, if any.</summary>
    public async Task<InvestigationSession?> FindByExternalIdAsync(string externalId, CancellationToken ct)
    {
        var list = await hub.CustomObjects.ListNamespacedCustomObjectAsync(InvestigationSession.Group, InvestigationSession.Version, Namespace,
            InvestigationSession.Plural, cancellationToken: ct);
        return ((JsonElement)list).GetProperty("items").EnumerateArray()
            .Select(i => i.Deserialize<InvestigationSession>(RemediationStore.Json)!)
            .FirstOrDefault(s => s.Spec.ExternalIds.Contains(externalId, StringComparer.Ordinal));
    }

    /// <summary>The session of a request, created (race-free: one deterministic name) when it does not exist yet.</summary>
    public async Task<InvestigationSession> GetOrCreateAsync(string remediationId, string via, CancellationToken ct)
    {
        var name = InvestigationSession.NameFor(remediationId);
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            if (await GetAsync(name, ct) is { } existing)
            {
                return existing;
            }

            var session = new InvestigationSession
            {
                Metadata = new ObjectMeta
                {
                    Name = name,
                    Namespace = Namespace,
                    Labels = new Dictionary<string, string>
                    {
                        [InvestigationSession.RemediationLabel] = remediationId,
                        ["app.kubernetes.io/managed-by"] = "kubernaut-hub",
                    },
                },
                Spec = new InvestigationSessionSpec { RemediationId = remediationId, Via = via },
            };
            try
            {
                return Read(await hub.CustomObjects.CreateNamespacedCustomObjectAsync(JsonSerializer.SerializeToElement(session, RemediationStore.Json),
                    InvestigationSession.Group, InvestigationSession.Version, Namespace, InvestigationSession.Plural, cancellationToken: ct));
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Another participant (or replica) created it first: read theirs.
            }
        }

        throw new InvalidOperationException($"could not create or read session {name}");
    }

    /// <summary>Adds a protocol id to the session's spec (idempotent).</summary>
    public async Task<InvestigationSession?> LinkAsync(string name, string externalId, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var session = await GetAsync(name, ct);
            if (session is null || session.Spec.ExternalIds.Contains(externalId, StringComparer.Ordinal))
            {
                return session;
            }

            session.Spec.ExternalIds.Add(externalId);
            try
            {
                return Read(await hub.CustomObjects.ReplaceNamespacedCustomObjectAsync(JsonSerializer.SerializeToElement(session, RemediationStore.Json),
                    InvestigationSession.Group, InvestigationSession.Version, Namespace, InvestigationSession.Plural, name, cancellationToken: ct));
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Changed in between: read again.
            }
        }

        throw new InvalidOperationException($"session {name} kept changing while linking {externalId}");
    }

    /// <summary>
    /// Read-modify-write of the status, conditional on the resourceVersion read: <paramref name="mutate"/> may return
    /// false to leave it alone. Returns the stored session, or null when it does not exist.
    /// </summary>
    public async Task<InvestigationSession?> UpdateStatusAsync(string name, Func<InvestigationSession, bool> mutate, CancellationToken ct)
    {
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var session = await GetAsync(name, ct);
            if (session is null)
            {
                return null;
            }

            session.Status ??= new InvestigationSessionStatus();
            if (!mutate(session))
            {
                return session;
            }

            try
            {
                return Read(await hub.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(JsonSerializer.SerializeToElement(session, RemediationStore.Json),
                    InvestigationSession.Group, InvestigationSession.Version, Namespace, InvestigationSession.Plural, name, cancellationToken: ct));
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Someone else wrote in between: re-read and re-apply.
            }
        }

        throw new InvalidOperationException($"session {name} kept changing under {MaxConflictRetries} attempts to update it");
    }

    private static InvestigationSession Read(object obj) => ((JsonElement)obj).Deserialize<InvestigationSession>(RemediationStore.Json)!;
}
