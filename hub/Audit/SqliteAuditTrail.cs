using Microsoft.Data.Sqlite;

namespace Kubernaut.Hub.Audit;

/// <summary>
/// The embedded audit trail: one SQLite file. Writers serialise on SQLite's write lock (BEGIN IMMEDIATE), so hubs
/// sharing the file still build one chain; triggers refuse UPDATE and DELETE.
/// </summary>
internal sealed class SqliteAuditTrail(string connectionString, TimeProvider time, AuditNotifier notifier) : IAuditTrail
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
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var last = connection.CreateCommand();
            last.Transaction = tx;
            last.CommandText = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1";
            long seq = 1;
            var prev = AuditChain.Genesis;
            await using (var reader = await last.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    seq = reader.GetInt64(0) + 1;
                    prev = reader.GetString(1);
                }
            }

            var entry = AuditChain.Seal(seq, time.GetUtcNow(), record, prev);
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = """
                INSERT INTO audit_log (seq, at, kind, remediation_id, actor, via, reason, data, prev_hash, hash)
                VALUES ($seq, $at, $kind, $rr, $actor, $via, $reason, $data, $prev, $hash)
                """;
            insert.Parameters.AddWithValue("$seq", entry.Seq);
            insert.Parameters.AddWithValue("$at", entry.At);
            insert.Parameters.AddWithValue("$kind", entry.Kind);
            insert.Parameters.AddWithValue("$rr", (object?)entry.RemediationId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$actor", entry.Actor);
            insert.Parameters.AddWithValue("$via", entry.Via);
            insert.Parameters.AddWithValue("$reason", entry.Reason);
            insert.Parameters.AddWithValue("$data", entry.Data);
            insert.Parameters.AddWithValue("$prev", entry.PrevHash);
            insert.Parameters.AddWithValue("$hash", entry.Hash);
            await insert.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            notifier.Appended();
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
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM audit_log WHERE seq > $after AND ($rr IS NULL OR remediation_id = $rr) ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterSeq);
        command.Parameters.AddWithValue("$rr", (object?)remediationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadEntriesAsync(command, ct);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM audit_log ORDER BY seq";
        return AuditChain.Verify(await ReadEntriesAsync(command, ct));
    }

    private const string Columns = "seq, at, kind, remediation_id, actor, via, reason, data, prev_hash, hash";

    private static async Task<List<AuditEntry>> ReadEntriesAsync(SqliteCommand command, CancellationToken ct)
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

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
