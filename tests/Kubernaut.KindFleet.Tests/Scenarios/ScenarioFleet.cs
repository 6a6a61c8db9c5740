using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Tests.Controllers;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Scenarios;

/// <summary>A fleet of the hub and one spoke on a fast clock, with helpers to start scenarios and watch them through the HTTP API.</summary>
public abstract class ScenarioFleet : FleetFixture
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    protected ScenarioFleet(string cluster, double speed)
    {
        Cluster = cluster;
        Time = SimulationClock.Create(speed);
        ClusterNames = [SimulatedFleet.HubName, cluster];
    }

    public string Cluster { get; }

    public DateTimeOffset Now => Fleet.Time.GetUtcNow();

    public async Task<string> StartAsync(string name)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(BaseAddress, "sim/v1/scenarios"), new { name, cluster = Cluster }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    public async Task<string> StateAsync(string id)
    {
        var json = await _http.GetStringAsync(new Uri(BaseAddress, $"sim/v1/scenarios/{id}"), TestContext.Current.CancellationToken);
        return JsonDocument.Parse(json).RootElement.GetProperty("state").GetString()!;
    }

    public Task<string> WaitStateAsync(string id, string state, int seconds = 60) =>
        Eventually.ValueAsync(() => StateAsync(id), s => s == state, $"scenario {id} {state}", seconds);

    /// <summary>Lets <paramref name="simulated"/> pass on the fleet clock, then checks the scenario is still active.</summary>
    public async Task AssertStillActiveAfterAsync(string id, TimeSpan simulated)
    {
        var until = Now + simulated;
        await Eventually.ValueAsync(() => Task.FromResult(Now), t => t >= until, "simulated time to pass", 120);
        Assert.Equal("active", await StateAsync(id));
    }

    public Task<string> KubectlAsync(params string[] args) => Kubectl.OkAsync(KubeconfigPath, Cluster, args);

    /// <summary>An instant query on the Thanos stand-in; the first sample's value, or null when the result is empty.</summary>
    public async Task<double?> QueryAsync(string promql, DateTimeOffset? at = null)
    {
        var time = (at ?? Now).ToUnixTimeMilliseconds() / 1000.0;
        var url = new Uri(BaseAddress, $"thanos/api/v1/query?query={Uri.EscapeDataString(promql)}&time={time.ToString("0.###", CultureInfo.InvariantCulture)}");
        var json = JsonDocument.Parse(await _http.GetStringAsync(url, TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("success", json.GetProperty("status").GetString());
        var result = json.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await base.DisposeAsync();
    }
}

public sealed class ProdUsEastFleet() : ScenarioFleet("prod-us-east", 120);

public sealed class ProdEuWestFleet() : ScenarioFleet("prod-eu-west", 60);

public sealed class StagingFleet() : ScenarioFleet("staging", 60);
