using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kubernaut.Hub.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL from Debian's binaries (environment.md §3): initdb as the postgres user, a free port,
/// fsync off. <see cref="SkipReason"/> is set only when the binaries are not installed.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _bin;
    private string _root = "";
    private string _data = "";

    public string? SkipReason { get; private set; }

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (_bin is null || OperatingSystem.IsWindows())
        {
            SkipReason = "PostgreSQL server binaries are not installed (Debian package postgresql; scripts/install-test-deps.sh installs it)";
            return;
        }

        _root = Path.Combine(Path.GetTempPath(), $"hub-pg-{Guid.NewGuid():N}");
        _data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        await RunAsync("chown", "postgres:postgres", _root);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
        }

        var port = FreePort();
        await AsPostgresAsync(Path.Combine(_bin, "initdb"), "-D", _data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale");
        await AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", _data, "-l", Path.Combine(_root, "pg.log"), "-w", "-o",
            $"-c listen_addresses=127.0.0.1 -p {port} -k {_root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true";
    }

    /// <summary>A fresh database on the server, so tests do not share a chain.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "hub_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_bin is null)
        {
            return;
        }

        await AsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", _data, "-m", "immediate", "-w", "stop");
        Directory.Delete(_root, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>initdb refuses to run as root; as root we switch to the postgres user, otherwise run as ourselves.</summary>
    private static Task AsPostgresAsync(string program, params string[] args) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", program, .. args]) : RunAsync(program, args);

    private static async Task RunAsync(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}
