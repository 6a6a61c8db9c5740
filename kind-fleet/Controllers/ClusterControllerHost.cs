using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.KindFleet.Controllers;

/// <summary>
/// Runs every controller of every cluster: a pass whenever a watched resource changes (changes arriving during a
/// pass coalesce into one more pass), and again when the earliest requested requeue comes due on the fleet clock.
/// One failing controller is logged and does not stop the others.
/// </summary>
internal sealed partial class ClusterControllerHost(SimulatedFleet fleet, IEnumerable<IClusterController> controllers, ILogger<ClusterControllerHost> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(fleet.Clusters.Select(c => RunClusterAsync(c, stoppingToken)));

    private async Task RunClusterAsync(SimulatedCluster cluster, CancellationToken ct)
    {
        var mine = controllers.Where(c => c.RunsOn(cluster)).ToList();
        var watched = mine.SelectMany(c => c.Watches).ToHashSet();
        var wake = new SemaphoreSlim(0, 1);
        void OnChange(Storage.WatchEvent e)
        {
            if (watched.Contains(e.Resource) && wake.CurrentCount == 0)
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
                var next = MaxIdle;
                foreach (var controller in mine)
                {
                    next = Min(next, RunOne(cluster, controller));
                }

                using var delay = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var timer = Task.Delay(next, fleet.Time, delay.Token);
                await Task.WhenAny(wake.WaitAsync(delay.Token), timer);
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

    private TimeSpan RunOne(SimulatedCluster cluster, IClusterController controller)
    {
        try
        {
            return controller.Reconcile(cluster) ?? MaxIdle;
        }
        catch (Exception e)
        {
            LogControllerFailed(e, controller.GetType().Name, cluster.Name);
            return TimeSpan.FromSeconds(1);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "controller {Controller} failed on cluster {Cluster}; retrying")]
    private partial void LogControllerFailed(Exception e, string controller, string cluster);
}
