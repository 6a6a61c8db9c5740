using Kubernaut.Hub.Hosting;

await using var app = HubHost.Build(args);
await app.StartAsync();
var address = HubHost.BaseAddress(app);
Console.WriteLine($"kubernaut-hub: listening on {address} (port {address.Port})");
await app.WaitForShutdownAsync();
