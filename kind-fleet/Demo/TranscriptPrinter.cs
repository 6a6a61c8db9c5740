using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace Kubernaut.KindFleet.Demo;

/// <summary>
/// Prints every request's story as it happens, from the hub's own SSE stream (<c>/api/v1/remediations/{id}/events</c>):
/// transitions, the investigation, the options, the decision, the AWX job's output, the verdict.
/// </summary>
internal sealed class TranscriptPrinter(HttpClient hub, TextWriter output)
{
    private readonly ConcurrentDictionary<string, Task> _following = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var doc = JsonDocument.Parse(await hub.GetStringAsync("api/v1/remediations", ct));
                foreach (var rr in doc.RootElement.GetProperty("items").EnumerateArray())
                {
                    var id = rr.GetProperty("id").GetString()!;
                    _ = _following.GetOrAdd(id, _ => Task.Run(() => FollowAsync(id, ct), CancellationToken.None));
                }
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // The hub is still starting: look again.
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task FollowAsync(string id, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/remediations/{id}/events");
            using var response = await hub.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    Print(id, JsonDocument.Parse(line["data: ".Length..]).RootElement);
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or JsonException)
        {
            // Shutting down, or the hub went away.
        }
    }

    private void Print(string id, JsonElement entry)
    {
        var at = DateTimeOffset.TryParse(entry.GetProperty("at").GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "";
        var kind = entry.GetProperty("kind").GetString();
        var who = entry.GetProperty("actor").GetString();
        var data = entry.GetProperty("data");
        lock (output)
        {
            if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("lines", out var lines))
            {
                foreach (var l in lines.EnumerateArray())
                {
                    output.WriteLine($"[{id}] {at}   awx | {l.GetString()}");
                }

                return;
            }

            output.WriteLine($"[{id}] {at} {kind,-10} {who}: {entry.GetProperty("reason").GetString()}");
        }
    }
}
