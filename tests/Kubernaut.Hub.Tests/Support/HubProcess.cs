using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kubernaut.Hub.Tests.Support;

/// <summary>The hub as a separate OS process (<c>dotnet Kubernaut.Hub.dll ...</c>), so a test can kill it outright.</summary>
public sealed partial class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Text.StringBuilder _output = new();

    private HubProcess(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(HubDll());
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _address.TrySetException(new InvalidOperationException("hub exited before listening:\n" + Output));
        _process.EnableRaisingEvents = true;
    }

    public HttpClient Http { get; private set; } = null!;

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

    public static async Task<HubProcess> StartAsync(IEnumerable<string> args)
    {
        var hub = new HubProcess(args);
        hub._process.Start();
        hub._process.BeginOutputReadLine();
        hub._process.BeginErrorReadLine();
        var address = await hub._address.Task.WaitAsync(TimeSpan.FromSeconds(60));
        hub.Http = new HttpClient { BaseAddress = address };
        await Eventually.TrueAsync(async () => (await hub.Http.GetAsync("/readyz")).IsSuccessStatusCode, () => "hub process never became ready:\n" + hub.Output);
        return hub;
    }

    /// <summary>SIGKILL: no shutdown hooks, no lease release, no final writes.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (Listening().Match(line) is { Success: true } m)
        {
            _address.TrySetResult(new Uri(m.Groups["url"].Value));
        }
    }

    /// <summary>The hub built beside this test assembly's configuration (the test project references it, so it is built).</summary>
    private static string HubDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = dir.Parent!.Name; // .../bin/<Configuration>/net10.0/
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Kubernaut.sln")))
        {
            dir = dir.Parent;
        }

        var dll = Path.Combine(dir!.FullName, "hub", "bin", configuration, "net10.0", "Kubernaut.Hub.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the hub first", dll);
    }

    [GeneratedRegex("listening on (?<url>http://\\S+/)")]
    private static partial Regex Listening();
}
