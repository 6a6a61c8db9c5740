using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Controllers.Support;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>
/// The applications each spoke runs at start: the seed's services among a handful of others. Only manifests are
/// written here; the simulated control plane turns them into ReplicaSets, pods, endpoints and events like any other.
/// </summary>
internal static class SeedWorkloads
{
    public static void Seed(SimulatedCluster cluster)
    {
        switch (cluster.Name)
        {
            case "prod-us-east":
                Shop(cluster, "prod", replicas: 1, checkoutVersion: "1.42.0");
                break;
            case "prod-eu-west":
                Payments(cluster, "prod", scale: 1);
                break;
            case "staging":
                Shop(cluster, "staging", replicas: 0, checkoutVersion: "1.43.0-rc.1");
                Payments(cluster, "staging", scale: 0);
                break;
            default:
                // Any other spoke (a large simulated fleet) runs one small service, so it has something to watch.
                Put(cluster, SeedManifests.Namespace("prod"));
                App(cluster, "prod", new SeedApp("web-frontend", "registry.example.com/shop/web:5.3.2", 2, Tier: "frontend"));
                break;
        }
    }

    /// <summary>The shop: checkout (the seed's 3 replicas, 512Mi limit, checkout-config), cart, catalog and redis.</summary>
    private static void Shop(SimulatedCluster cluster, string ns, int replicas, string checkoutVersion)
    {
        var full = replicas > 0;
        Put(cluster, SeedManifests.Namespace(ns));
        Put(cluster, SeedManifests.ConfigMap(ns, "checkout-config", "checkout-service", new Dictionary<string, string>
        {
            ["PAYMENT_GATEWAY_URL"] = "https://payment-gateway.prod-eu-west.example.internal",
            ["PAYMENT_TIMEOUT_MS"] = "3000",
            ["CART_SERVICE_URL"] = "http://cart-service",
            ["CACHE_SIZE_MB"] = "128",
            ["FEATURE_NEW_PRICING"] = "false",
            ["LOG_LEVEL"] = "info",
            ["config.yaml"] = CheckoutConfigYaml,
        }));
        ConfigHistory(cluster, ns, "checkout-config", 42);
        App(cluster, ns, new SeedApp("checkout-service", $"registry.example.com/shop/checkout:{checkoutVersion}", full ? 3 : 1,
            MemoryRequest: "256Mi", MemoryLimit: "512Mi", CpuRequest: "250m", ConfigMap: "checkout-config", Rps: full ? 150 : 5));
        if (!full)
        {
            return;
        }

        App(cluster, ns, new SeedApp("cart-service", "registry.example.com/shop/cart:2.7.3", 2, Rps: 200));
        App(cluster, ns, new SeedApp("catalog-service", "registry.example.com/shop/catalog:3.1.0", 2, MemoryLimit: "384Mi", Rps: 120));
        Data(cluster, ns, new SeedApp("redis", "docker.io/library/redis:7.2.4", 1, "256Mi", "512Mi", Port: 6379, Tier: "data"), "1Gi");
    }

    /// <summary>Payments: payment-gateway (the seed's 5 replicas), payment-db (3-replica StatefulSet), fraud-check, ledger.</summary>
    private static void Payments(SimulatedCluster cluster, string ns, int scale)
    {
        var full = scale > 0;
        Put(cluster, SeedManifests.Namespace(ns));
        App(cluster, ns, new SeedApp("payment-gateway", "registry.example.com/payments/gateway:4.12.1", full ? 5 : 1,
            MemoryRequest: "512Mi", MemoryLimit: "1Gi", CpuRequest: "500m", Tier: "frontend", Rps: full ? 400 : 10,
            Env: new Dictionary<string, string> { ["DB_HOST"] = "payment-db", ["DB_PORT"] = "5432", ["DB_POOL_MAX_SIZE"] = "100" }));
        Data(cluster, ns, new SeedApp("payment-db", "docker.io/library/postgres:16.2", full ? 3 : 1, "1Gi", "2Gi", "500m", 5432, Tier: "data"), "10Gi");
        if (!full)
        {
            return;
        }

        App(cluster, ns, new SeedApp("fraud-check", "registry.example.com/payments/fraud-check:1.8.0", 4, MemoryLimit: "512Mi", CpuRequest: "250m", CpuLimit: "500m", Rps: 300));
        Put(cluster, SeedManifests.CpuAutoscaler(ns, "fraud-check", 2, 4, 70));
        Put(cluster, SeedManifests.Secret(ns, "ledger-db-credentials", new Dictionary<string, string> { ["DB_USER"] = "ledger", ["DB_PASSWORD"] = "not-a-real-password" }));
        App(cluster, ns, new SeedApp("ledger-service", "registry.example.com/payments/ledger:2.3.5", 2, Rps: 80, Secret: "ledger-db-credentials"));
    }

    /// <summary>checkout-service's cache: a 128MB soft limit with LRU eviction (revision 42 of checkout-config).</summary>
    public const string CheckoutConfigYaml = "cache:\n  maxSizeMb: 128\n  eviction: lru\nhttp:\n  port: 8080\n";

    /// <summary>
    /// The ConfigMap's history as the fleet keeps it (kind-fleet/README.md): the current data is revision
    /// <paramref name="current"/>; the revision before it only differed in its log level.
    /// </summary>
    private static void ConfigHistory(SimulatedCluster cluster, string ns, string name, int current)
    {
        var cm = cluster.Store.Get(Kinds.ConfigMaps, ns, name)!;
        var data = cm["data"]!.AsObject();
        var earlier = data.CloneObject();
        earlier["LOG_LEVEL"] = "debug";
        Put(cluster, SeedManifests.ConfigRevision(cm, current - 1, earlier));
        Put(cluster, SeedManifests.ConfigRevision(cm, current, data.CloneObject()));
        cluster.Store.Mutate(cluster.TypeOf(Kinds.ConfigMaps), ns, name, c =>
        {
            c.Metadata().Child("annotations")["kubernaut.ai/revision"] = current.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return c;
        });
    }

    private static void App(SimulatedCluster cluster, string ns, SeedApp app)
    {
        Put(cluster, SeedManifests.Deployment(ns, app));
        Put(cluster, SeedManifests.Service(ns, app));
    }

    private static void Data(SimulatedCluster cluster, string ns, SeedApp app, string storage)
    {
        Put(cluster, SeedManifests.StatefulSet(ns, app, storage));
        Put(cluster, SeedManifests.Service(ns, app, headless: true));
    }

    /// <summary>Stores a manifest with the defaults the apiserver would add on create.</summary>
    private static void Put(SimulatedCluster cluster, JsonObject manifest)
    {
        var type = cluster.Catalog.FindByKind(manifest.Str("apiVersion") ?? "", manifest.Str("kind") ?? "")
            ?? throw new InvalidOperationException($"{manifest.Str("kind")} is not served");
        Defaults.Apply(type, manifest, cluster);
        cluster.Apply(manifest);
    }
}
