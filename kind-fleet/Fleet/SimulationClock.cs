namespace Kubernaut.KindFleet.Fleet;

/// <summary>
/// Simulated time that runs <c>speed</c> times faster than the wall clock, from the moment it is created.
/// Timers scale with it, so a 30-minute story plays in seconds while every timestamp stays consistent.
/// </summary>
internal sealed class SimulationClock(double speed, DateTimeOffset start) : TimeProvider
{
    private readonly long _startTicks = System.GetTimestamp();

    public double Speed { get; } = speed > 0 ? speed : throw new ArgumentOutOfRangeException(nameof(speed), "speed must be positive");

    /// <summary>
    /// A clock at <paramref name="speed"/> that reads <paramref name="start"/> now (the wall clock's now when null), so a
    /// demo can begin shortly before a story's time of day; the system clock when nothing differs from it.
    /// </summary>
    public static TimeProvider Create(double speed, DateTimeOffset? start = null) =>
        Math.Abs(speed - 1) < double.Epsilon && start is null ? System : new SimulationClock(speed, start ?? System.GetUtcNow());

    public override DateTimeOffset GetUtcNow() => start + (System.GetElapsedTime(_startTicks) * Speed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(this, System.CreateTimer(callback, state, Scale(dueTime), Scale(period)));

    private TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan ? span : TimeSpan.FromTicks((long)(span.Ticks / Speed));

    /// <summary>Scales <see cref="ITimer.Change"/> too, so a timer re-armed in simulated time fires on time.</summary>
    private sealed class ScaledTimer(SimulationClock clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
