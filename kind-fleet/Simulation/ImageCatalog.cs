namespace Kubernaut.KindFleet.Simulation;

/// <summary>What one image version does when it runs: the health paths it serves and its resource appetite.</summary>
/// <param name="DatasetMiB">How much its in-memory cache holds when nothing is evicted (the whole working set of the data).</param>
/// <param name="MemoryPerRpsMiB">Memory per request/s in flight (buffers, sessions) on top of the cache.</param>
/// <param name="CpuPerRequest">CPU seconds each request costs.</param>
internal sealed record ImageFacts(
    IReadOnlyList<string> HealthPaths,
    double DatasetMiB = 0,
    double MemoryPerRpsMiB = 0.2,
    double CpuPerRequest = 0.001);

/// <summary>
/// The simulated container registry: for the repositories it knows, only the pushed tags can be pulled (any other
/// tag is "not found", so a typo'd rollout ends in ImagePullBackOff). Repositories it does not know (test images)
/// are assumed present and behave like a plain web service.
/// </summary>
internal sealed class ImageCatalog
{
    public static readonly IReadOnlyList<string> DefaultHealthPaths = ["/healthz/ready", "/healthz/live"];

    private static readonly ImageFacts Plain = new(DefaultHealthPaths);

    private readonly Dictionary<string, Dictionary<string, ImageFacts>> _repositories = new(StringComparer.Ordinal);

    public ImageCatalog()
    {
        var checkout = new ImageFacts(DefaultHealthPaths, DatasetMiB: 411, MemoryPerRpsMiB: 0, CpuPerRequest: 0.002);
        Push("registry.example.com/shop/checkout", checkout, "1.40.3", "1.41.0", "1.42.0", "1.43.0-rc.1");

        // 1.43.0 moved its health endpoints under /health/ (the release notes said so; the manifests were not updated).
        Push("registry.example.com/shop/checkout", checkout with { HealthPaths = ["/health/ready", "/health/live"] }, "1.43.0");
        Push("registry.example.com/shop/cart", Plain, "2.7.2", "2.7.3");
        Push("registry.example.com/shop/catalog", new ImageFacts(DefaultHealthPaths, MemoryPerRpsMiB: 2), "3.0.4", "3.1.0");
        Push("registry.example.com/shop/web", Plain, "5.3.1", "5.3.2");
        Push("registry.example.com/payments/gateway", new ImageFacts(DefaultHealthPaths, CpuPerRequest: 0.004), "4.12.0", "4.12.1");
        Push("registry.example.com/payments/fraud-check", new ImageFacts(DefaultHealthPaths, CpuPerRequest: 0.002), "1.7.2", "1.8.0");
        Push("registry.example.com/payments/ledger", Plain, "2.3.4", "2.3.5");
        Push("docker.io/library/redis", new ImageFacts([]), "7.2.4");
        Push("docker.io/library/postgres", new ImageFacts([]), "16.1", "16.2");
    }

    /// <summary>Null when the image can be pulled; otherwise the registry's error as containerd reports it.</summary>
    public string? PullError(string image)
    {
        var (repository, tag) = Split(image);
        if (!_repositories.TryGetValue(repository, out var tags) || tags.ContainsKey(tag))
        {
            return null;
        }

        return $"rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found";
    }

    public ImageFacts Facts(string image)
    {
        var (repository, tag) = Split(image);
        return _repositories.TryGetValue(repository, out var tags) && tags.TryGetValue(tag, out var facts) ? facts : Plain;
    }

    /// <summary>Repository and tag (digests count as their own tag; no tag means latest).</summary>
    public static (string Repository, string Tag) Split(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (image[..at], image[(at + 1)..]);
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private void Push(string repository, ImageFacts facts, params string[] tags)
    {
        if (!_repositories.TryGetValue(repository, out var known))
        {
            _repositories[repository] = known = new Dictionary<string, ImageFacts>(StringComparer.Ordinal);
        }

        foreach (var tag in tags)
        {
            known[tag] = facts;
        }
    }
}
