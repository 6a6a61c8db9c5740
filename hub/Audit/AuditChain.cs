using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Kubernaut.Hub.Audit;

/// <summary>The chain rule both stores share: each hash covers the entry's fields and the previous entry's hash.</summary>
internal static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static string FormatTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string Hash(long seq, string at, string kind, string? remediationId, string actor, string via, string reason, string data, string prevHash)
    {
        // A JSON array keeps field boundaries unambiguous ("a","bc" never hashes like "ab","c").
        var canonical = JsonSerializer.Serialize(new[] { seq.ToString(CultureInfo.InvariantCulture), at, kind, remediationId ?? "", actor, via, reason, data, prevHash });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static AuditEntry Seal(long seq, DateTimeOffset at, AuditRecord record, string prevHash)
    {
        var time = FormatTime(at);
        var hash = Hash(seq, time, record.Kind, record.RemediationId, record.Actor, record.Via, record.Reason, record.Data, prevHash);
        return new AuditEntry(seq, time, record.Kind, record.RemediationId, record.Actor, record.Via, record.Reason, record.Data, prevHash, hash);
    }

    /// <summary>Checks entries read in sequence order, starting from the first one ever written.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> entries)
    {
        var previous = Genesis;
        long expectedSeq = 1, checkedCount = 0;
        foreach (var e in entries)
        {
            checkedCount++;
            if (e.Seq != expectedSeq)
            {
                return new(false, checkedCount, e.Seq, $"entry {expectedSeq} is missing (found {e.Seq} next)");
            }

            if (e.PrevHash != previous)
            {
                return new(false, checkedCount, e.Seq, $"entry {e.Seq} does not link to entry {e.Seq - 1} (prev_hash differs)");
            }

            var recomputed = Hash(e.Seq, e.At, e.Kind, e.RemediationId, e.Actor, e.Via, e.Reason, e.Data, e.PrevHash);
            if (recomputed != e.Hash)
            {
                return new(false, checkedCount, e.Seq, $"entry {e.Seq} was altered after it was written (hash mismatch)");
            }

            previous = e.Hash;
            expectedSeq++;
        }

        return new(true, checkedCount, null, null);
    }
}
