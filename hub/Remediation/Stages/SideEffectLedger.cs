using System.Collections.Concurrent;
using System.Text.Json;

namespace Kubernaut.Hub.Remediation.Stages;

/// <summary>
/// One line of the ledger: the side effect performed under its idempotency key, or (Repeat) a later request with the
/// same key that was answered from the first record without acting again.
/// </summary>
internal sealed record LedgerEntry(string Key, string Stage, string Remediation, DateTimeOffset StartedAt, bool Repeat = false);

/// <summary>
/// The "outside world" the scripted stages act on: it performs an effect once per idempotency key and answers every
/// repeat with the first record, as AWX or a ticketing system honouring the key would.
/// </summary>
internal interface ISideEffectLedger
{
    /// <summary>Records the effect unless the key was seen; returns the entry and whether this call performed it.</summary>
    Task<(LedgerEntry Entry, bool Performed)> PerformOnceAsync(string key, string stage, string remediation, DateTimeOffset now, CancellationToken ct);
}

internal sealed class InMemoryLedger : ISideEffectLedger
{
    private readonly ConcurrentDictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);

    public Task<(LedgerEntry Entry, bool Performed)> PerformOnceAsync(string key, string stage, string remediation, DateTimeOffset now, CancellationToken ct)
    {
        var created = new LedgerEntry(key, stage, remediation, now);
        var stored = _entries.GetOrAdd(key, created);
        return Task.FromResult((stored, ReferenceEquals(stored, created)));
    }
}

/// <summary>A ledger in a JSON-lines file, shared by hub processes (and read by tests) across crashes.</summary>
internal sealed class FileLedger(string path, TimeProvider time) : ISideEffectLedger
{
    public async Task<(LedgerEntry Entry, bool Performed)> PerformOnceAsync(string key, string stage, string remediation, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // Exclusive open is the cross-process lock.
                await using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                using var reader = new StreamReader(file, leaveOpen: true);
                LedgerEntry? first = null;
                while (first is null && await reader.ReadLineAsync(ct) is { } line)
                {
                    if (line.Length > 0 && JsonSerializer.Deserialize<LedgerEntry>(line) is { Repeat: false } existing && existing.Key == key)
                    {
                        first = existing;
                    }
                }

                var entry = first is null ? new LedgerEntry(key, stage, remediation, now) : first with { StartedAt = now, Repeat = true };
                file.Seek(0, SeekOrigin.End);
                await using var writer = new StreamWriter(file, leaveOpen: true);
                await writer.WriteLineAsync(JsonSerializer.Serialize(entry).AsMemory(), ct);
                await writer.FlushAsync(ct);
                await file.FlushAsync(ct);
                return (first ?? entry, first is null);
            }
            catch (IOException) when (attempt < 200)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), time, ct);
            }
        }
    }
}
