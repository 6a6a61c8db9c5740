using System.Data.Common;
using Npgsql;

namespace Kubernaut.Hub.Audit;

/// <summary>
/// The audit trail for multi-replica hubs: one PostgreSQL table. Appends take a transaction-scoped advisory lock, so
/// replicas extend one chain in turn; a trigger refuses UPDATE and DELETE.
/// </summary>
internal sealed class PostgresAuditTrail(string connectionString, TimeProvider time, AuditNotifier notifier) : IAuditTrail, IAsyncDisposable
{
    // Any constant shared by all replicas; it names the lock that orders appends.
    private const long ChainLock = 0x6b75626e61;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({ChainLock})", ct);
        await ExecuteAsync(connection, """
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
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({ChainLock})", ct);
        long seq = 1;
        var prev = AuditChain.Genesis;
        await using (var last = new NpgsqlCommand("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", connection))
        await using (var reader = await last.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                seq = reader.GetInt64(0) + 1;
                prev = reader.GetString(1);
            }
        }

        var entry = AuditChain.Seal(seq, time.GetUtcNow(), record, prev);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO audit_log (seq, at, kind, remediation_id, actor, via, reason, data, prev_hash, hash)
            VALUES (@seq, @at, @kind, @rr, @actor, @via, @reason, @data, @prev, @hash)
            """, connection);
        insert.Parameters.AddWithValue("seq", entry.Seq);
        insert.Parameters.AddWithValue("at", entry.At);
        insert.Parameters.AddWithValue("kind", entry.Kind);
        insert.Parameters.AddWithValue("rr", (object?)entry.RemediationId ?? DBNull.Value);
        insert.Parameters.AddWithValue("actor", entry.Actor);
        insert.Parameters.AddWithValue("via", entry.Via);
        insert.Parameters.AddWithValue("reason", entry.Reason);
        insert.Parameters.AddWithValue("data", entry.Data);
        insert.Parameters.AddWithValue("prev", entry.PrevHash);
        insert.Parameters.AddWithValue("hash", entry.Hash);
        await insert.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        notifier.Appended();
        return entry;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string? remediationId, long afterSeq, int limit, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM audit_log WHERE seq > @after AND (@rr::text IS NULL OR remediation_id = @rr::text) ORDER BY seq LIMIT @limit", connection);
        command.Parameters.AddWithValue("after", afterSeq);
        command.Parameters.AddWithValue("rr", (object?)remediationId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadEntriesAsync(command, ct);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM audit_log ORDER BY seq", connection);
        return AuditChain.Verify(await ReadEntriesAsync(command, ct));
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private const string Columns = "seq, at, kind, remediation_id, actor, via, reason, data, prev_hash, hash";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<AuditEntry>> ReadEntriesAsync(DbCommand command, CancellationToken ct)
    {
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9)));
        }

        return entries;
    }
}
