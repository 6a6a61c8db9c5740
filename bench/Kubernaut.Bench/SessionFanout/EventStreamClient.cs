namespace Kubernaut.Bench.SessionFanout;

/// <summary>Reads a request's Server-Sent Events stream and reports the ids it receives (the audit sequence numbers).</summary>
internal static class EventStreamClient
{
    /// <summary>Reads ids from <paramref name="path"/> until <paramref name="until"/> returns true for one, or the stream ends.</summary>
    public static async Task ReadIdsAsync(HttpClient http, string path, Func<long, bool> until, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal) && until(long.Parse(line.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture)))
            {
                return;
            }
        }
    }
}
