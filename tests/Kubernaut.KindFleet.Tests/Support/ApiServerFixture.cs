namespace Kubernaut.KindFleet.Tests.Support;

/// <summary>
/// The fleet's apiservers with no control plane behind them, so a test of API semantics (watch ordering,
/// optimistic concurrency, patch results) sees only its own writes — the envtest setting.
/// </summary>
public sealed class ApiServerFixture : FleetFixture
{
    public ApiServerFixture()
    {
        RunControllers = false;
    }
}
