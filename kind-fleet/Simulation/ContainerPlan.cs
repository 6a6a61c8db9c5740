namespace Kubernaut.KindFleet.Simulation;

/// <summary>
/// What one running container instance does over its life, as the physics computes it from the cluster state:
/// its memory curve (cold cache warming from <see cref="Since"/>, or a jump when it reloads its configuration at
/// <see cref="ReloadAt"/>), when it crosses its limit, its traffic and CPU appetite.
/// </summary>
internal sealed record ContainerPlan(
    DateTimeOffset Since,
    double BaseMiB,
    double StartPlateauMiB,
    CacheSettings StartCache,
    DateTimeOffset? ReloadAt,
    CacheSettings? ReloadCache,
    double ReloadPlateauMiB,
    double? LimitMiB,
    double RequestsPerSecond,
    double CpuDemandCores,
    double? CpuLimitCores,
    string? ConfigMountPath)
{
    /// <summary>How fast a cold cache (and per-request memory) fills, MiB per simulated second.</summary>
    public const double WarmRateMiBPerSecond = 300.0 / 415.0;

    /// <summary>Working set at <paramref name="t"/> (MiB).</summary>
    public double MemoryAt(DateTimeOffset t) =>
        ReloadAt is { } r && t >= r
            ? ReloadPlateauMiB
            : Math.Min(StartPlateauMiB, BaseMiB + (WarmRateMiBPerSecond * Math.Max(0, (t - Since).TotalSeconds)));

    /// <summary>When the working set first exceeds the limit (the kernel OOM-kills it then), if it ever does.</summary>
    public DateTimeOffset? OomAt
    {
        get
        {
            if (LimitMiB is not { } limit)
            {
                return null;
            }

            if (StartPlateauMiB > limit)
            {
                var crossing = Since + TimeSpan.FromSeconds(Math.Max(0, limit - BaseMiB) / WarmRateMiBPerSecond);
                if (ReloadAt is not { } r || crossing < r)
                {
                    return crossing;
                }
            }

            return ReloadAt is { } reload && ReloadPlateauMiB > limit ? reload : null;
        }
    }

    /// <summary>When an unbounded cache, warming from cold, passes its soft limit (the application logs it).</summary>
    public DateTimeOffset? SoftLimitExceededAt =>
        !StartCache.EvictionEnabled && StartPlateauMiB > BaseMiB + StartCache.SoftLimitMiB
            ? Since + TimeSpan.FromSeconds(StartCache.SoftLimitMiB / WarmRateMiBPerSecond)
            : null;

    /// <summary>Fraction of CFS periods in which the container is throttled.</summary>
    public double ThrottledFraction => CpuLimitCores is { } limit && CpuDemandCores > limit
        ? Math.Min(1, 0.5 + ((CpuDemandCores - limit) / CpuDemandCores))
        : 0;

    public double CpuUsageCores => CpuLimitCores is { } limit ? Math.Min(limit, CpuDemandCores) : CpuDemandCores;
}
