using Kubernaut.SpokeAddon.Hosting;

// spoke-addon --port P --kubeconfig F --context C --issuer https://kc/realms/kubernaut --audience kubernaut-spoke-mcp
var config = new ConfigurationBuilder().AddEnvironmentVariables("SPOKE_ADDON_").AddCommandLine(args).Build();
var options = SpokeAddonOptions.FromConfiguration(config);
if (options.Validate() is { Count: > 0 } problems)
{
    Console.Error.WriteLine("spoke-addon: " + string.Join(Environment.NewLine + "spoke-addon: ", problems));
    return 2;
}

await using var host = await SpokeAddonHost.StartAsync(options);
Console.WriteLine($"spoke-addon: MCP at {host.McpEndpoint} (port {host.BaseAddress.Port}); tokens from {options.Issuer} for audience {options.Audience}");
await host.WaitForShutdownAsync();
return 0;
