using System.Text.Json;

namespace Kubernaut.Hub.Tests.Support;

/// <summary>One Server-Sent Event.</summary>
public sealed record SseEvent(long Id, string Type, JsonElement Data);

/// <summary>Reads an event stream as a browser's EventSource would: blocks separated by blank lines, id/event/data fields.</summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    public async Task<SseEvent?> NextAsync(CancellationToken ct)
    {
        long id = 0;
        string? type = null, data = null;
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new SseEvent(id, type ?? "message", JsonDocument.Parse(data).RootElement);
                }

                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return null;
    }

    public async Task<List<SseEvent>> ReadAllAsync(CancellationToken ct)
    {
        var events = new List<SseEvent>();
        while (await NextAsync(ct) is { } e)
        {
            events.Add(e);
        }

        return events;
    }

    public void Dispose() => _reader.Dispose();
}
