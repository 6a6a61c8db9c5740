namespace Kubernaut.Hub.Verification;

/// <summary>Effectiveness assessment (section <c>Verification</c>).</summary>
internal sealed class VerificationOptions
{
    public const string Section = "Verification";

    /// <summary>The window when a workflow names none.</summary>
    public TimeSpan DefaultWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Windows are divided by this (a demo or test on a fast fleet clock sets it to the clock's speed).</summary>
    public double TimeScale { get; set; } = 1;

    /// <summary>How often health is sampled during the window.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The score at or above which the remediation counts as effective.</summary>
    public double PassThreshold { get; set; } = 0.7;

    /// <summary>Prometheus HTTP API base (Thanos Query), e.g. <c>https://thanos-query.monitoring.svc:9090</c>; unset skips metric checks (scored neutral).</summary>
    public string? PrometheusUrl { get; set; }
}
