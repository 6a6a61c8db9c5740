using System.Collections.Concurrent;

namespace Kubernaut.KindFleet.Awx;

/// <summary>Jobs in memory, by id.</summary>
internal sealed class AwxJobStore
{
    private readonly ConcurrentDictionary<int, AwxJob> _jobs = new();
    private int _lastId;

    public AwxJob Add(Func<int, AwxJob> create)
    {
        var job = create(Interlocked.Increment(ref _lastId));
        _jobs[job.Id] = job;
        return job;
    }

    public AwxJob? Find(int id) => _jobs.GetValueOrDefault(id);

    public IReadOnlyList<AwxJob> All => [.. _jobs.Values.OrderBy(j => j.Id)];

    public AwxJob? LastOf(int templateId) => _jobs.Values.Where(j => j.Template.Id == templateId).MaxBy(j => j.Id);
}
