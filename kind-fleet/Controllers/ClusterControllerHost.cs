using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Controllers;

/// <summary>
/// Runs every controller of every cluster. A controller runs when a resource it watches changed (changes arriving
/// during a pass coalesce into one more pass) or when its own requested requeue comes due on the fleet clock, and only
/// then: an idle cluster costs nothing, which is what lets a thousand of them share one process.
/// One failing controller is logged and does not stop the others.
/// </summary>
internal sealed partial class ClusterControllerHost(SimulatedFleet fleet, IEnumerable<IClusterController> controllers, ILogger<ClusterControllerHost> logger)
    : BackgroundService
{
    private static readonly TimeSpan FailureRetry = TimeSpan.FromSeconds(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(fleet.Clusters.Select(c => RunClusterAsync(c, stoppingToken)));

    private async Task RunClusterAsync(SimulatedCluster cluster, CancellationToken ct)
    {
        var slots = controllers.Where(c => c.RunsOn(cluster)).Select(c => new Slot(c)).ToList();
        var wake = new SemaphoreSlim(0, 1);
        void OnChange(Storage.WatchEvent e)
        {
            var any = false;
            foreach (var slot in slots)
            {
                any |= slot.MarkIfWatching(e.Resource);
            }

            if (any && wake.CurrentCount == 0)
            {
                try
                {
                    wake.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Already signalled: the pending pass will see this change too.
                }
            }
        }

        cluster.Store.Changed += OnChange;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var now = fleet.Time.GetUtcNow();
                foreach (var slot in slots.Where(s => s.TakeDue(now)))
                {
                    var requeue = RunOne(cluster, slot.Controller);
                    slot.Due = requeue is { } r ? now + r : DateTimeOffset.MaxValue;
                }

                var earliest = slots.Count == 0 ? DateTimeOffset.MaxValue : slots.Min(s => s.Due);
                if (slots.Any(s => s.IsDirty))
                {
                    await Task.Yield();
                    continue;
                }

                using var delay = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var waits = new List<Task> { wake.WaitAsync(delay.Token) };
                if (earliest != DateTimeOffset.MaxValue)
                {
                    var wait = earliest - fleet.Time.GetUtcNow();
                    waits.Add(Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, fleet.Time, delay.Token));
                }

                await Task.WhenAny(waits);
                await delay.CancelAsync();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            cluster.Store.Changed -= OnChange;
        }
    }

    private TimeSpan? RunOne(SimulatedCluster cluster, IClusterController controller)
    {
        try
        {
            return controller.Reconcile(cluster);
        }
        catch (Exception e)
        {
            LogControllerFailed(e, controller.GetType().Name, cluster.Name);
            return FailureRetry;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "controller {Controller} failed on cluster {Cluster}; retrying")]
    private partial void LogControllerFailed(Exception e, string controller, string cluster);

    /// <summary>One controller on one cluster: whether a watched resource changed, and when it asked to run again.</summary>
    private sealed class Slot(IClusterController controller)
    {
        private readonly HashSet<GroupResource> _watches = [.. controller.Watches];
        private int _dirty = 1;

        public IClusterController Controller => controller;

        public DateTimeOffset Due { get; set; } = DateTimeOffset.MaxValue;

        public bool IsDirty => Volatile.Read(ref _dirty) == 1;

        public bool MarkIfWatching(GroupResource resource)
        {
            if (!_watches.Contains(resource))
            {
                return false;
            }

            Volatile.Write(ref _dirty, 1);
            return true;
        }

        /// <summary>Clears the dirty flag before the pass, so a change made during the pass schedules another one.</summary>
        public bool TakeDue(DateTimeOffset now) => Interlocked.Exchange(ref _dirty, 0) == 1 | Due <= now;
    }
}
