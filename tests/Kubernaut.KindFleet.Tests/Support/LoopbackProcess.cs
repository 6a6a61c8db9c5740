using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kubernaut.KindFleet.Tests.Support;

/// <summary>
/// A server binary from the machine (Prometheus, Alertmanager) run in a throwaway directory on a free loopback port,
/// with its output kept for failure messages. Neither binary reports the port it bound for ":0", so a free port is
/// picked first and the start retried if another process took it meanwhile.
/// </summary>
public sealed class LoopbackProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LoopbackProcess(Process process, Uri address, string directory)
    {
        _process = process;
        Address = address;
        Directory = directory;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Directory { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <paramref name="fileName"/> with the arguments <paramref name="args"/> builds for a port, and waits for <c>/-/ready</c>.</summary>
    public static async Task<LoopbackProcess> StartAsync(string fileName, string directory, Func<int, IEnumerable<string>> args, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var psi = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
            foreach (var a in args(port))
            {
                psi.ArgumentList.Add(a);
            }

            var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
            var server = new LoopbackProcess(process, new Uri($"http://127.0.0.1:{port}/"), directory);
            if (await server.WaitReadyAsync(ct))
            {
                return server;
            }

            var output = server.Output;
            await server.StopAsync();
            if (attempt >= 3 || !output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"{fileName} did not become ready:\n{output}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp directory is cleaned by the OS eventually.
        }
    }

    private async Task<bool> WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(new Uri(Address, "-/ready"), ct)).IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow to answer on a loaded machine; ask again.
            }

            await Task.Delay(100, ct);
        }

        return false;
    }

    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
