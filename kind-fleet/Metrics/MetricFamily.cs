namespace Kubernaut.KindFleet.Metrics;

/// <summary>One metric family and its children, guarded by one lock so a snapshot sees whole histograms.</summary>
internal sealed class MetricFamily(string name, MetricType type, string help, IReadOnlyList<double> buckets)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<LabelSet, Child> _children = [];

    public string Name { get; } = name;

    public MetricType Type { get; } = type;

    public string Help { get; set; } = help;

    public IReadOnlyList<double> Buckets { get; } = buckets;

    public void Set(LabelSet labels, double value)
    {
        RequireNot(MetricType.Histogram, "Set");
        lock (_lock)
        {
            GetOrAdd(labels).Value = value;
        }
    }

    public void Add(LabelSet labels, double delta)
    {
        RequireNot(MetricType.Histogram, "Add");
        if (Type == MetricType.Counter && delta < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), $"counter {Name} cannot decrease");
        }

        lock (_lock)
        {
            GetOrAdd(labels).Value += delta;
        }
    }

    public void Observe(LabelSet labels, double value, long count)
    {
        if (Type != MetricType.Histogram)
        {
            throw new InvalidOperationException($"{Name} is a {Type}, not a histogram");
        }

        lock (_lock)
        {
            var child = GetOrAdd(labels);
            for (var i = 0; i < Buckets.Count; i++)
            {
                if (value <= Buckets[i])
                {
                    child.BucketCounts[i] += count;
                }
            }

            child.Count += count;
            child.Value += value * count;
        }
    }

    public bool Remove(LabelSet labels)
    {
        lock (_lock)
        {
            return _children.Remove(labels);
        }
    }

    public int RemoveWhere(LabelSet match)
    {
        lock (_lock)
        {
            var doomed = _children.Keys.Where(k => match.All(m => k.Get(m.Key) == m.Value)).ToList();
            doomed.ForEach(k => _children.Remove(k));
            return doomed.Count;
        }
    }

    /// <summary>The family's samples; histograms expand to cumulative _bucket{le}, _sum and _count.</summary>
    public ExposedFamily Snapshot()
    {
        var samples = new List<MetricSample>();
        lock (_lock)
        {
            foreach (var (labels, child) in _children.OrderBy(c => c.Key, Comparer<LabelSet>.Create(LabelSet.Compare)))
            {
                if (Type != MetricType.Histogram)
                {
                    samples.Add(new MetricSample(labels.With(LabelSet.MetricName, Name), child.Value));
                    continue;
                }

                for (var i = 0; i < Buckets.Count; i++)
                {
                    samples.Add(new MetricSample(labels.With(LabelSet.MetricName, Name + "_bucket").With("le", GoFloat.FormatG(Buckets[i])), child.BucketCounts[i]));
                }

                samples.Add(new MetricSample(labels.With(LabelSet.MetricName, Name + "_bucket").With("le", "+Inf"), child.Count));
                samples.Add(new MetricSample(labels.With(LabelSet.MetricName, Name + "_sum"), child.Value));
                samples.Add(new MetricSample(labels.With(LabelSet.MetricName, Name + "_count"), child.Count));
            }
        }

        return new ExposedFamily(Name, Type, Help, samples);
    }

    private Child GetOrAdd(LabelSet labels)
    {
        if (labels.Has(LabelSet.MetricName) || (Type == MetricType.Histogram && labels.Has("le")))
        {
            throw new ArgumentException($"labels of {Name} may not contain __name__ or (for histograms) le", nameof(labels));
        }

        if (!_children.TryGetValue(labels, out var child))
        {
            child = new Child(Buckets.Count);
            _children[labels] = child;
        }

        return child;
    }

    private void RequireNot(MetricType type, string operation)
    {
        if (Type == type)
        {
            throw new InvalidOperationException($"{operation} is not valid on {Type} {Name}");
        }
    }

    private sealed class Child(int buckets)
    {
        /// <summary>The gauge/counter value, or a histogram's sum.</summary>
        public double Value { get; set; }

        public long Count { get; set; }

        public long[] BucketCounts { get; } = new long[buckets];
    }
}
