using System.Globalization;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Json;

namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// A client's database connection pool, from the ready endpoints of the Service its <c>DB_HOST</c> names: the
/// dependency's replicas each serve <see cref="QueriesPerReplica"/> queries/s; the service's traffic over that capacity
/// is the pool's utilisation. Past 1 the pool is exhausted, requests wait for connections and time out.
/// </summary>
internal sealed record ConnectionPool(string Dependency, double Max, double InUse, double Pending, int ReadyEndpoints, double P50, double P99, double ErrorRatio)
{
    public const double QueriesPerReplica = 370;

    public bool Exhausted => InUse >= Max;

    public static ConnectionPool? For(ClusterView view, JsonObject pod, JsonObject container, ServiceTraffic service)
    {
        var env = container["env"].Objects().ToDictionary(e => e.Str("name") ?? "", e => e.Str("value"), StringComparer.Ordinal);
        if (env.GetValueOrDefault("DB_HOST") is not { Length: > 0 } host)
        {
            return null;
        }

        var dependency = host.Split('.')[0];
        var max = double.TryParse(env.GetValueOrDefault("DB_POOL_MAX_SIZE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : 100;
        var (ready, _) = view.Endpoints.GetValueOrDefault((pod.Namespace(), dependency));
        var utilisation = ready == 0 ? 10 : service.RequestsPerSecond / (ready * QueriesPerReplica);
        var inUse = Math.Min(max, Math.Round(max * utilisation));
        var pending = utilisation > 1 ? Math.Round(max * (utilisation - 1) * 4) : 0;
        var p99 = utilisation <= 0.6 ? 0.12 : utilisation >= 1 ? 2.4 : 0.12 + ((utilisation - 0.6) / 0.4 * (2.4 - 0.12));
        var p50 = utilisation >= 1 ? 0.35 : 0.045;
        var errors = utilisation > 1 ? Math.Min(1, (utilisation - 1) / utilisation) : 0;
        return new ConnectionPool(dependency, max, inUse, pending, ready, p50, p99, errors);
    }
}
