using Kubernaut.Hub.Hosting;
using Microsoft.Extensions.Options;

WebApplication app;
try
{
    app = HubHost.Build(args);
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine("kubernaut-hub: invalid configuration:\n  " + string.Join("\n  ", e.Failures));
    return 2;
}

await using (app)
{
    await app.StartAsync();
    var address = HubHost.BaseAddress(app);
    Console.WriteLine($"kubernaut-hub: listening on {address} (port {address.Port})");
    await app.WaitForShutdownAsync();
}

return 0;
