using Kubernaut.KindFleet.Fleet;
using Kubernaut.KindFleet.Tests.Support;

namespace Kubernaut.KindFleet.Tests.Controllers;

/// <summary>A fleet on a clock 30 times faster than the wall clock, so pulls, readiness and grace periods pass quickly.</summary>
public class WorkloadFleetFixture : FleetFixture
{
    public WorkloadFleetFixture()
    {
        Time = SimulationClock.Create(30);
    }
}

/// <summary>Polling helpers: conditions are awaited with generous deadlines, never with fixed sleeps.</summary>
public static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var last = await probe();
        while (!done(last))
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; last value: {last}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
            last = await probe();
        }

        return last;
    }

    public static Task<string> KubectlAsync(FleetFixture fleet, string context, Func<string, bool> done, string what, params string[] args) =>
        ValueAsync(() => Kubectl.OkAsync(fleet.KubeconfigPath, context, args), done, what);

    public static async Task<string> ApplyAsync(FleetFixture fleet, string context, string yaml)
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, yaml, TestContext.Current.CancellationToken);
        try
        {
            return await Kubectl.OkAsync(fleet.KubeconfigPath, context, "apply", "-f", path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string Deployment(string ns, string name, int replicas, string image = "registry.example.com/test/web:1.0.0") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: web
                image: {image}
                ports:
                - name: http
                  containerPort: 8080
        """;
}
