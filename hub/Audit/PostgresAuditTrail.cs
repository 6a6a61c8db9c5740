using Npgsql;

namespace Kubernaut.Hub.Audit;

/// <summary>
/// The audit trail for multi-replica hubs: one PostgreSQL table. Appends take a transaction-scoped advisory lock, so
/// replicas extend one chain in turn; a trigger refuses UPDATE and DELETE.
/// </summary>
internal sealed class PostgresAuditTrail(string connectionString, TimeProvider time) : IAuditTrail, IAsyncDisposable
{
    // Any constant shared by all replicas; it names the lock that orders appends.
    private const long ChainLock = 0x6b75626e61;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await AuditSql.ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({ChainLock})", ct);
        await AuditSql.ExecuteAsync(connection, tx, """
            CREATE TABLE IF NOT EXISTS audit_log (
                seq BIGINT PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, remediation_id TEXT,
                actor TEXT NOT NULL, via TEXT NOT NULL, reason TEXT NOT NULL, data TEXT NOT NULL,
                prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_log_remediation ON audit_log (remediation_id, seq);
            CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
            CREATE OR REPLACE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
            """, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await AuditSql.ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({ChainLock})", ct);
        var entry = await AuditSql.AppendAsync(connection, tx, record, time.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return entry;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? remediationId, long afterSeq, int limit, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        return await AuditSql.ReadAsync(connection, remediationId, afterSeq, limit, ct);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        return await AuditSql.VerifyAsync(connection, ct);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
