using System.Text.Json;
using k8s;
using Kubernaut.Hub.Hosting;
using Kubernaut.Hub.Remediation;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Workflows;

/// <summary>
/// The RemediationWorkflow CRs in the hub namespace, read through the hub API and reused for a few seconds. An entry
/// that does not parse is left out (and logged), never guessed at.
/// </summary>
internal sealed partial class WorkflowCatalog(IKubernetes hub, IOptions<HubOptions> hubOptions, IOptions<WorkflowOptions> options, TimeProvider time,
    ILogger<WorkflowCatalog> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<RemediationWorkflow> Items)? _cache;

    public async Task<IReadOnlyList<RemediationWorkflow>> ListAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_cache is { } cached && time.GetUtcNow() - cached.At < options.Value.CacheTtl)
            {
                return cached.Items;
            }

            var list = await hub.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(RemediationWorkflow.Group, RemediationWorkflow.Version,
                hubOptions.Value.Namespace, RemediationWorkflow.Plural, cancellationToken: ct);
            var items = new List<RemediationWorkflow>();
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                if (Parse(item, out var error) is { } workflow)
                {
                    items.Add(workflow);
                }
                else
                {
                    LogUnreadable(logger, item.TryGetProperty("metadata", out var m) && m.TryGetProperty("name", out var n) ? n.GetString() ?? "?" : "?", error!);
                }
            }

            var sorted = items.OrderBy(w => w.Name, StringComparer.Ordinal).ToList();
            _cache = (time.GetUtcNow(), sorted);
            return sorted;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<RemediationWorkflow?> FindAsync(string name, CancellationToken ct) =>
        (await ListAsync(ct)).FirstOrDefault(w => w.Name == name);

    /// <summary>Forget the cached read (after applying entries).</summary>
    public void Invalidate() => _cache = null;

    public static RemediationWorkflow? Parse(JsonElement item, out string? error)
    {
        try
        {
            var workflow = item.Deserialize<RemediationWorkflow>(RemediationStore.Json);
            error = workflow?.Spec?.Execution is null || workflow.Spec.Description is null || workflow.Spec.Matches is null || workflow.Spec.Rbac is null
                ? "spec is missing description, matches, execution or rbac"
                : null;
            return error is null ? workflow : null;
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RemediationWorkflow {Name} is not usable and is left out of the catalog: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string name, string error);
}
