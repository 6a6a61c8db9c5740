using Microsoft.Data.Sqlite;

namespace Kubernaut.Hub.Audit;

/// <summary>
/// The embedded audit trail: one SQLite file. Writers serialise on SQLite's write lock (BEGIN IMMEDIATE), so hubs
/// sharing the file still build one chain; triggers refuse UPDATE and DELETE.
/// </summary>
internal sealed class SqliteAuditTrail(string connectionString, TimeProvider time) : IAuditTrail
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 }.ToString();

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS audit_log (
                seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL, remediation_id TEXT,
                actor TEXT NOT NULL, via TEXT NOT NULL, reason TEXT NOT NULL, data TEXT NOT NULL,
                prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_log_remediation ON audit_log (remediation_id, seq);
            CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            """;
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var entry = await AuditSql.AppendAsync(connection, tx, record, time.GetUtcNow(), ct);
            await tx.CommitAsync(ct);
            return entry;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? remediationId, long afterSeq, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await AuditSql.ReadAsync(connection, remediationId, afterSeq, limit, ct);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await AuditSql.VerifyAsync(connection, ct);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
