using System.Data.Common;
using Kubernaut.Hub.Audit;
using Kubernaut.Hub.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kubernaut.Hub.Tests.Audit;

/// <summary>The same behaviours, against the embedded SQLite store and a real PostgreSQL.</summary>
public sealed class AuditTrailTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    public static TheoryData<string> Providers => [AuditProviders.Sqlite, AuditProviders.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_UntouchedChain_IsValid(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (trail, _) = await OpenAsync(provider);

        for (var i = 0; i < 5; i++)
        {
            await trail.AppendAsync(new AuditRecord(AuditKinds.Transition, "rr-a", "kubernaut-hub", "controller", $"step {i}", "{\"n\":" + i + "}"), ct);
        }

        var result = await trail.VerifyAsync(ct);
        Assert.True(result.Valid, result.Problem);
        Assert.Equal(5, result.EntriesChecked);
        var entries = await trail.ReadAsync("rr-a", 2, 10, ct);
        Assert.Equal([3L, 4L, 5L], entries.Select(e => e.Seq));
        Assert.Equal(entries[0].Hash, entries[1].PrevHash);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Update_ThroughSql_IsRefusedAsAppendOnly(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (trail, connect) = await OpenAsync(provider);
        await trail.AppendAsync(new AuditRecord(AuditKinds.Decision, "rr-b", "alice", "api", "approve"), ct);

        await using var connection = await connect();
        var refused = await Record.ExceptionAsync(() => ExecuteAsync(connection, "UPDATE audit_log SET actor = 'mallory'"));
        var deleteRefused = await Record.ExceptionAsync(() => ExecuteAsync(connection, "DELETE FROM audit_log"));

        Assert.Contains("append-only", refused?.Message);
        Assert.Contains("append-only", deleteRefused?.Message);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_RowEditedBehindTheTriggersBack_ReportsThatEntry(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (trail, connect) = await OpenAsync(provider);
        for (var i = 0; i < 4; i++)
        {
            await trail.AppendAsync(new AuditRecord(AuditKinds.Decision, "rr-c", "alice", "api", $"decision {i}"), ct);
        }

        await using (var connection = await connect())
        {
            // An attacker with database rights drops the guard and rewrites who decided.
            await ExecuteAsync(connection, provider == AuditProviders.Sqlite ? "DROP TRIGGER audit_log_no_update" : "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
            await ExecuteAsync(connection, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3");
        }

        var result = await trail.VerifyAsync(ct);

        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstInvalidSeq);
        Assert.Contains("altered", result.Problem);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Verify_RowDeleted_ReportsTheGap(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (trail, connect) = await OpenAsync(provider);
        for (var i = 0; i < 4; i++)
        {
            await trail.AppendAsync(new AuditRecord(AuditKinds.Signal, "rr-d", "alertmanager/hub", "alertmanager", $"signal {i}"), ct);
        }

        await using (var connection = await connect())
        {
            await ExecuteAsync(connection, provider == AuditProviders.Sqlite ? "DROP TRIGGER audit_log_no_delete" : "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
            await ExecuteAsync(connection, "DELETE FROM audit_log WHERE seq = 2");
        }

        var result = await trail.VerifyAsync(ct);

        Assert.False(result.Valid);
        Assert.Equal(3, result.FirstInvalidSeq);
        Assert.Contains("missing", result.Problem);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_FromTwoWritersAtOnce_BuildsOneValidChain(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var (first, _) = await OpenAsync(provider);
        var second = Reopen(provider, first);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? first : second).AppendAsync(new AuditRecord(AuditKinds.Signal, $"rr-{i % 3}", "replica", "alertmanager", $"signal {i}"), ct)));

        var result = await first.VerifyAsync(ct);
        Assert.True(result.Valid, result.Problem);
        Assert.Equal(40, result.EntriesChecked);
    }

    private readonly Dictionary<IAuditTrail, string> _connectionStrings = [];

    private async Task<(IAuditTrail Trail, Func<Task<DbConnection>> Connect)> OpenAsync(string provider)
    {
        string connectionString;
        if (provider == AuditProviders.Postgres)
        {
            if (postgres.SkipReason is { } why)
            {
                Assert.Skip(why);
            }

            connectionString = await postgres.NewDatabaseAsync();
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"hub-audit-{Guid.NewGuid():N}.db")}";
        }

        var trail = Create(provider, connectionString);
        await trail.InitializeAsync(TestContext.Current.CancellationToken);
        _connectionStrings[trail] = connectionString;
        return (trail, async () =>
        {
            DbConnection connection = provider == AuditProviders.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
            await connection.OpenAsync();
            return connection;
        }
        );
    }

    private IAuditTrail Reopen(string provider, IAuditTrail existing) => Create(provider, _connectionStrings[existing]);

    private static IAuditTrail Create(string provider, string connectionString) => provider == AuditProviders.Postgres
        ? new PostgresAuditTrail(connectionString, TimeProvider.System)
        : new SqliteAuditTrail(connectionString, TimeProvider.System);

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
