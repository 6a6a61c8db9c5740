namespace Kubernaut.KindFleet.Tests.Support;

/// <summary>
/// Tests that race a clock they do not control run on their own, after the parallel tests: scenario tests (a fleet
/// clock 60–120× faster than the wall clock falls behind itself when starved of CPU) and tests that drive real
/// Prometheus / Alertmanager processes (their scrape and evaluation timers run on the wall clock).
/// </summary>
[CollectionDefinition(nameof(TimingSensitiveCollection), DisableParallelization = true)]
public sealed class TimingSensitiveCollection;
