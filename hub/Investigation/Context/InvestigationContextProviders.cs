using Kubernaut.Hub.Investigation.Engine;
using Kubernaut.Hub.Investigation.Spoke;

namespace Kubernaut.Hub.Investigation.Context;

/// <summary>What a pre-investigation provider gets: the target, the spoke's tools, the evidence clock.</summary>
internal sealed record InvestigationContext(InvestigationTarget Target, ISpokeTools Spoke, DateTimeOffset Now);

/// <summary>
/// A provider's answer: notes to put in front of the analysis, or an end to it (the result it ends with).
/// </summary>
internal sealed record ContextOutcome(IReadOnlyList<string> Notes, string? EndReason = null, IReadOnlyList<string>? EndCategories = null,
    IReadOnlyDictionary<string, string>? Facts = null)
{
    public static readonly ContextOutcome None = new([]);
}

/// <summary>
/// Recipe injection point 1: runs before the analysis (a CMDB lookup, a maintenance calendar, recent deploys) and can
/// annotate the investigation or end it ("under maintenance: expected downtime"). Providers run in registration order.
/// </summary>
internal interface IInvestigationContextProvider
{
    string Name { get; }

    Task<ContextOutcome> ProvideAsync(InvestigationContext context, CancellationToken ct);
}
