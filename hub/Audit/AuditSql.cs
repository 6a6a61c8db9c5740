using System.Data.Common;

namespace Kubernaut.Hub.Audit;

/// <summary>
/// The SQL both audit stores share (ADO.NET, portable SQL): they differ only in how appends are serialised across
/// writers and how the table is created.
/// </summary>
internal static class AuditSql
{
    private const string Columns = "seq, at, kind, remediation_id, actor, via, reason, data, prev_hash, hash";

    /// <summary>Seals <paramref name="record"/> onto the chain's last entry and inserts it; the caller holds the store's append lock inside <paramref name="tx"/>.</summary>
    public static async Task<AuditEntry> AppendAsync(DbConnection connection, DbTransaction tx, AuditRecord record, DateTimeOffset now, CancellationToken ct)
    {
        long seq = 1;
        var prev = AuditChain.Genesis;
        await using (var last = Command(connection, tx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"))
        await using (var reader = await last.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                seq = reader.GetInt64(0) + 1;
                prev = reader.GetString(1);
            }
        }

        var entry = AuditChain.Seal(seq, now, record, prev);
        await using var insert = Command(connection, tx, $"""
            INSERT INTO audit_log ({Columns})
            VALUES (@seq, @at, @kind, @rr, @actor, @via, @reason, @data, @prev, @hash)
            """);
        Add(insert, "seq", entry.Seq);
        Add(insert, "at", entry.At);
        Add(insert, "kind", entry.Kind);
        Add(insert, "rr", entry.RemediationId);
        Add(insert, "actor", entry.Actor);
        Add(insert, "via", entry.Via);
        Add(insert, "reason", entry.Reason);
        Add(insert, "data", entry.Data);
        Add(insert, "prev", entry.PrevHash);
        Add(insert, "hash", entry.Hash);
        await insert.ExecuteNonQueryAsync(ct);
        return entry;
    }

    public static async Task<IReadOnlyList<AuditEntry>> ReadAsync(DbConnection connection, string? remediationId, long afterSeq, int limit, CancellationToken ct)
    {
        // Two statements rather than "@rr IS NULL OR …": PostgreSQL cannot type an untyped null parameter.
        var filter = remediationId is null ? "" : " AND remediation_id = @rr";
        await using var command = Command(connection, null, $"SELECT {Columns} FROM audit_log WHERE seq > @after{filter} ORDER BY seq LIMIT @limit");
        Add(command, "after", afterSeq);
        Add(command, "limit", limit);
        if (remediationId is not null)
        {
            Add(command, "rr", remediationId);
        }

        return await ReadEntriesAsync(command, ct);
    }

    public static async Task<AuditVerification> VerifyAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = Command(connection, null, $"SELECT {Columns} FROM audit_log ORDER BY seq");
        return AuditChain.Verify(await ReadEntriesAsync(command, ct));
    }

    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
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
