using System.Globalization;
using Kubernaut.Hub.Investigation.Engine;

namespace Kubernaut.Hub.Investigation.Context;

/// <summary>
/// The built-in context provider: a workload (or its namespace) annotated
/// <c>kubernaut.ai/maintenance-until: &lt;RFC 3339&gt;</c> (optionally <c>kubernaut.ai/maintenance-reason</c>) is in a
/// maintenance window until then; an investigation inside it ends as expected downtime.
/// </summary>
internal sealed class MaintenanceWindowProvider : IInvestigationContextProvider
{
    public const string UntilAnnotation = "kubernaut.ai/maintenance-until";
    public const string ReasonAnnotation = "kubernaut.ai/maintenance-reason";

    public string Name => "maintenance-window";

    public async Task<ContextOutcome> ProvideAsync(InvestigationContext context, CancellationToken ct)
    {
        var t = context.Target;
        foreach (var (kind, name, ns) in new[] { (t.Kind, t.Name, t.Namespace), ("Namespace", t.Namespace, (string?)null) })
        {
            var json = await context.Spoke.CallAsync("describe", new Dictionary<string, object?> { ["kind"] = kind, ["name"] = name, ["namespace"] = ns }, ct);
            if (json is not { } element || !element.TryGetProperty("annotations", out var annotations) || annotations.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                continue;
            }

            if (!annotations.TryGetProperty(UntilAnnotation, out var untilText) ||
                !DateTimeOffset.TryParse(untilText.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
            {
                continue;
            }

            var reason = annotations.TryGetProperty(ReasonAnnotation, out var r) ? r.GetString() : null;
            var about = $"{kind} {name}{(reason is { Length: > 0 } ? $" ({reason})" : "")}";
            if (until > context.Now)
            {
                return new ContextOutcome([$"{about} is under maintenance until {Units.Clock(until)}."],
                    $"under maintenance until {until:O}: expected downtime{(reason is { Length: > 0 } ? $" ({reason})" : "")}",
                    ["expected-downtime", "maintenance"],
                    new Dictionary<string, string> { ["maintenanceUntil"] = until.ToString("O", CultureInfo.InvariantCulture), ["maintenanceScope"] = $"{kind}/{name}" });
            }

            return new ContextOutcome([$"{about} had a maintenance window that ended at {Units.Clock(until)}; the trouble may be left over from it."]);
        }

        return ContextOutcome.None;
    }
}
