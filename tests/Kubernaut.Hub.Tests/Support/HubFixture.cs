namespace Kubernaut.Hub.Tests.Support;

/// <summary>A fleet and one hub against it, shared by the tests of a class (each test works in its own namespace).</summary>
public sealed class HubFixture : IAsyncLifetime
{
    public FleetFixture Fleet { get; } = new();

    public HubInstance Hub { get; private set; } = null!;

    /// <summary>Extra hub arguments a derived fixture wants.</summary>
    public static string[] HubArgs => ["--Signals:Alertmanager:BearerToken", ReceiverToken];

    public const string ReceiverToken = "test-receiver-token";

    public async ValueTask InitializeAsync()
    {
        await Fleet.InitializeAsync();
        Hub = await HubInstance.StartAsync(Fleet, null, HubArgs);
        Hub.Http.DefaultRequestHeaders.Authorization = new("Bearer", ReceiverToken);
    }

    public static string NewNamespace() => "t-" + Guid.NewGuid().ToString("N")[..8];

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Fleet.DisposeAsync();
    }
}
