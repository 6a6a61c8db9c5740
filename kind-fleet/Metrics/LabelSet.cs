using System.Text;

namespace Kubernaut.KindFleet.Metrics;

/// <summary>
/// An immutable set of labels sorted by name, the identity of a series (with <c>__name__</c>) or of a metric child
/// (without). Value equality and a cached hash make it a dictionary key.
/// </summary>
internal sealed class LabelSet : IEquatable<LabelSet>, IReadOnlyList<KeyValuePair<string, string>>
{
    public const string MetricName = "__name__";

    private readonly KeyValuePair<string, string>[] _labels;
    private readonly int _hash;

    private LabelSet(KeyValuePair<string, string>[] sorted)
    {
        _labels = sorted;
        var hash = default(HashCode);
        foreach (var (name, value) in sorted)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        _hash = hash.ToHashCode();
    }

    public static LabelSet Empty { get; } = new([]);

    public int Count => _labels.Length;

    public KeyValuePair<string, string> this[int index] => _labels[index];

    /// <summary>The metric name (<c>__name__</c>), if any.</summary>
    public string? Name => Get(MetricName);

    /// <summary>Builds a set; empty values are dropped, as Prometheus treats an empty label as an absent one.</summary>
    public static LabelSet Of(IEnumerable<KeyValuePair<string, string>> labels)
    {
        var byName = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in labels)
        {
            if (!string.IsNullOrEmpty(value))
            {
                byName[name] = value;
            }
            else
            {
                byName.Remove(name);
            }
        }

        return byName.Count == 0 ? Empty : new LabelSet([.. byName]);
    }

    public static LabelSet Of(params (string Name, string Value)[] labels) =>
        Of(labels.Select(l => KeyValuePair.Create(l.Name, l.Value)));

    public string? Get(string name)
    {
        foreach (var (n, v) in _labels)
        {
            var c = string.CompareOrdinal(n, name);
            if (c == 0)
            {
                return v;
            }

            if (c > 0)
            {
                break;
            }
        }

        return null;
    }

    public bool Has(string name) => Get(name) is not null;

    public LabelSet With(string name, string value) => Of(_labels.Append(KeyValuePair.Create(name, value)));

    public LabelSet With(LabelSet other) => other.Count == 0 ? this : Of(_labels.Concat(other._labels));

    public LabelSet Without(params IEnumerable<string> names)
    {
        var drop = names as ISet<string> ?? new HashSet<string>(names, StringComparer.Ordinal);
        return _labels.Any(l => drop.Contains(l.Key)) ? new LabelSet([.. _labels.Where(l => !drop.Contains(l.Key))]) : this;
    }

    public LabelSet Keep(IEnumerable<string> names)
    {
        var keep = names as ISet<string> ?? new HashSet<string>(names, StringComparer.Ordinal);
        return new LabelSet([.. _labels.Where(l => keep.Contains(l.Key))]);
    }

    public LabelSet WithoutName() => Has(MetricName) ? Without(MetricName) : this;

    public IReadOnlyDictionary<string, string> ToDictionary() => _labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    public bool Equals(LabelSet? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && _labels.AsSpan().SequenceEqual(other._labels)));

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode() => _hash;

    /// <summary>Orders sets as Prometheus sorts series: label by label, name then value.</summary>
    public static int Compare(LabelSet a, LabelSet b)
    {
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var c = string.CompareOrdinal(a._labels[i].Key, b._labels[i].Key);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal(a._labels[i].Value, b._labels[i].Value);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Count.CompareTo(b.Count);
    }

    /// <summary>Prometheus' notation: <c>name{a="b", c="d"}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Name ?? "");
        sb.Append('{');
        sb.AppendJoin(", ", _labels.Where(l => l.Key != MetricName).Select(l => $"{l.Key}=\"{Escape(l.Value)}\""));
        return sb.Append('}').ToString();
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_labels).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
