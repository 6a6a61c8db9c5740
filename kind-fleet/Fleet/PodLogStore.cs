using System.Collections.Concurrent;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>What containers printed, kept per container (and for the previous instance after a restart), bounded.</summary>
internal sealed class PodLogStore(int maxLinesPerContainer = 2000)
{
    private readonly ConcurrentDictionary<(string Ns, string Pod, string Container), ContainerLog> _logs = new();

    public void Append(string ns, string pod, string container, DateTimeOffset at, string line) =>
        _logs.GetOrAdd((ns, pod, container), _ => new ContainerLog(maxLinesPerContainer)).Append(at, line);

    /// <summary>Starts a new container instance: the current lines become what <c>--previous</c> shows.</summary>
    public void Restart(string ns, string pod, string container) =>
        _logs.GetOrAdd((ns, pod, container), _ => new ContainerLog(maxLinesPerContainer)).Rotate();

    public IReadOnlyList<LogLine> Read(string ns, string pod, string container, bool previous) =>
        _logs.TryGetValue((ns, pod, container), out var log) ? log.Snapshot(previous) : [];

    public void Forget(string ns, string pod)
    {
        foreach (var key in _logs.Keys.Where(k => k.Ns == ns && k.Pod == pod))
        {
            _logs.TryRemove(key, out _);
        }
    }

    private sealed class ContainerLog(int max)
    {
        private readonly Lock _gate = new();
        private List<LogLine> _current = [];
        private List<LogLine> _previous = [];

        public void Append(DateTimeOffset at, string line)
        {
            lock (_gate)
            {
                // Lines noticed late (a reload found on the next pass) still land in time order.
                var index = _current.Count;
                while (index > 0 && _current[index - 1].At > at)
                {
                    index--;
                }

                _current.Insert(index, new LogLine(at, line));
                if (_current.Count > max)
                {
                    _current.RemoveRange(0, _current.Count - max);
                }
            }
        }

        public void Rotate()
        {
            lock (_gate)
            {
                _previous = _current;
                _current = [];
            }
        }

        public IReadOnlyList<LogLine> Snapshot(bool previous)
        {
            lock (_gate)
            {
                return [.. previous ? _previous : _current];
            }
        }
    }
}

internal sealed record LogLine(DateTimeOffset At, string Text);
