namespace Kubernaut.Hub.Audit;

/// <summary>The append-only, hash-chained audit trail. Every replica of the hub writes into one chain.</summary>
internal interface IAuditTrail
{
    Task InitializeAsync(CancellationToken ct);

    Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken ct);

    /// <summary>Entries after <paramref name="afterSeq"/> in chain order, optionally only one request's.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(string? remediationId, long afterSeq, int limit, CancellationToken ct);

    /// <summary>Re-computes every hash from the first entry; any edited, removed or re-ordered row breaks it.</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken ct);
}
