using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Identity;
using Kubernaut.Hub.Investigation.Context;
using Kubernaut.Hub.Investigation.Engine;
using Kubernaut.Hub.Investigation.Llm;
using Kubernaut.Hub.Investigation.Spoke;
using Kubernaut.Hub.Investigation.Transcript;
using Kubernaut.Hub.Remediation;
using Kubernaut.Hub.Remediation.Lifecycle;
using Kubernaut.Hub.Thanos;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Investigation;

/// <summary>
/// The Investigating stage: connects to the target spoke's addon with the investigation token, runs the context
/// providers, then the model (LLM mode) or the rules, streaming the transcript to the audit trail. While Keycloak or
/// the addon cannot be reached it answers "in progress" with a growing backoff and says why on the request.
/// </summary>
internal sealed partial class InvestigationStage(
    SpokeMcpConnector connector,
    DeterministicInvestigator rules,
    LlmInvestigator model,
    IEnumerable<IInvestigationContextProvider> providers,
    ThanosClient thanos,
    IAuditTrail trail,
    RemediationStore store,
    IOptions<InvestigationOptions> options,
    TimeProvider time,
    ILogger<InvestigationStage> logger) : IInvestigationStage
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public async Task<StageResult<InvestigationResult>> InvestigateAsync(StageContext context, CancellationToken ct)
    {
        var rr = context.Request;
        var target = new InvestigationTarget(rr.Name, rr.Spec.ClusterId, rr.Spec.TargetResource.Namespace, rr.Spec.TargetResource.Kind,
            rr.Spec.TargetResource.Name, rr.Spec.SignalName, rr.Spec.SignalType, rr.Spec.FiringTime, rr.Spec.Description);
        var mode = options.Value.Mode == InvestigationMode.Llm ? "llm" : "deterministic";
        var transcript = new TranscriptWriter(trail, rr.Name, mode);
        ISpokeTools spoke;
        try
        {
            spoke = await connector.ConnectAsync(target.Cluster, ct);
        }
        catch (IssuerUnavailableException e)
        {
            return await WaitAsync(rr, transcript, "Keycloak", e.Reason, waitForever: true, ct);
        }
        catch (SpokeUnavailableException e)
        {
            return await WaitAsync(rr, transcript, $"the spoke addon on {target.Cluster}", e.Message, waitForever: false, ct);
        }
        catch (TokenRequestRejectedException e)
        {
            _attempts.TryRemove(rr.Name, out _);
            return StageResult<InvestigationResult>.Failed(e.Message);
        }
        catch (InvalidOperationException e)
        {
            // Not configured (no realm, no spoke MCP URL) or a discovery policy violation: retrying cannot help.
            _attempts.TryRemove(rr.Name, out _);
            return StageResult<InvestigationResult>.Failed(e.Message);
        }

        await using (spoke)
        {
            if (_attempts.TryRemove(rr.Name, out var waited))
            {
                await transcript.WriteAsync(TranscriptKinds.Status, $"Keycloak and the spoke addon answer again after {Units.Plural(waited, "retry", "retries")} — continuing the investigation.", null, ct);
                await SetReasonAsync(rr.Name, "investigating: identity and spoke reachable again", ct);
            }

            var now = thanos.Configured ? (await TryNowAsync(ct) ?? time.GetUtcNow()) : time.GetUtcNow();
            var notes = new List<string>();
            foreach (var provider in providers)
            {
                var outcome = await provider.ProvideAsync(new InvestigationContext(target, spoke, now), ct);
                foreach (var note in outcome.Notes)
                {
                    notes.Add(note);
                    await transcript.WriteAsync(TranscriptKinds.Context, note, new JsonObject { ["provider"] = provider.Name }, ct);
                }

                if (outcome.EndReason is { } end)
                {
                    var ended = new InvestigationResult($"{provider.Name}: {end}", end, outcome.EndCategories ?? [], 0.9,
                        [new EvidenceItem(provider.Name, string.Join(" ", outcome.Notes), "the trouble is expected")], outcome.Facts);
                    await transcript.WriteAsync(TranscriptKinds.Conclusion, $"Not investigating further: {end}.", null, ct);
                    return StageResult<InvestigationResult>.Completed(ended);
                }
            }

            if (options.Value.Mode == InvestigationMode.Llm)
            {
                try
                {
                    return StageResult<InvestigationResult>.Completed(await model.InvestigateAsync(target, spoke, notes, transcript, ct));
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    Log.ModelFailed(logger, rr.Name, e.GetType().Name, e.Message);
                    await transcript.WriteAsync(TranscriptKinds.Status,
                        $"The model could not finish the investigation ({EventStep.Clip(e.Message, 160)}); falling back to the deterministic engine.",
                        new JsonObject { ["fallback"] = true }, ct);
                    transcript = new TranscriptWriter(trail, rr.Name, "deterministic");
                }
            }

            return StageResult<InvestigationResult>.Completed(await rules.InvestigateAsync(target, spoke, transcript, ct));
        }
    }

    private async Task<StageResult<InvestigationResult>> WaitAsync(RemediationRequest rr, TranscriptWriter transcript, string what, string reason, bool waitForever,
        CancellationToken ct)
    {
        var attempt = _attempts.AddOrUpdate(rr.Name, 1, (_, n) => n + 1);
        if (!waitForever && attempt > options.Value.MaxSpokeAttempts)
        {
            _attempts.TryRemove(rr.Name, out _);
            return StageResult<InvestigationResult>.Failed($"{what} unreachable after {attempt - 1} attempts: {reason}");
        }

        var o = options.Value;
        var delay = TimeSpan.FromTicks(Math.Min(o.RetryMax.Ticks, o.RetryBase.Ticks * (1L << Math.Min(attempt - 1, 20))));
        var message = $"waiting for {what}: {reason}; retry {attempt} in {Units.Span(delay)}";
        Log.Waiting(logger, rr.Name, what, reason, attempt, delay);
        await SetReasonAsync(rr.Name, message, ct);
        await transcript.WriteAsync(TranscriptKinds.Status, $"Waiting for {what} ({reason}). Retrying in {Units.Span(delay)} (attempt {attempt}).",
            new JsonObject { ["waitingFor"] = what, ["attempt"] = attempt, ["retryInSeconds"] = delay.TotalSeconds }, ct);
        return StageResult<InvestigationResult>.InProgress(delay);
    }

    /// <summary>Says on the request why it is where it is (the stage record and the phase reason), without a transition.</summary>
    private Task SetReasonAsync(string name, string message, CancellationToken ct) => store.UpdateStatusAsync(name, r =>
    {
        if (r.Phase != RemediationPhase.Investigating || r.Status is null)
        {
            return false;
        }

        r.Status.PhaseReason = message;
        if (r.Status.Stages.GetValueOrDefault(StageNames.Investigate) is { } stage)
        {
            stage.Message = message;
        }

        return true;
    }, ct);

    private async Task<DateTimeOffset?> TryNowAsync(CancellationToken ct)
    {
        try
        {
            return (await thanos.QueryAsync("1", null, ct)).EvaluatedAt;
        }
        catch (Exception e) when (e is ThanosUnavailableException or PromQueryException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Remediation}: waiting for {What} ({Reason}), attempt {Attempt}, next in {Delay}")]
        public static partial void Waiting(ILogger logger, string remediation, string what, string reason, int attempt, TimeSpan delay);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Remediation}: the model failed ({Kind}: {Message}); falling back to the deterministic engine")]
        public static partial void ModelFailed(ILogger logger, string remediation, string kind, string message);
    }
}
