using System.Net;
using Kubernaut.Hub.Identity;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

namespace Kubernaut.Hub.Investigation.Spoke;

/// <summary>
/// Opens an MCP session with a spoke's addon: the investigation token from Keycloak (never the remediation one), the
/// addon's service-proxy URL through cluster-proxy (<see cref="InvestigationOptions.SpokeMcpUrl"/>, <c>{cluster}</c> filled in).
/// </summary>
internal sealed class SpokeMcpConnector(
    [FromKeyedServices(TokenPurpose.Investigation)] ITokenSource tokens, IHttpClientFactory http, IOptions<InvestigationOptions> options, ILoggerFactory loggers)
{
    public const string HttpClientName = "spoke-mcp";

    public Uri EndpointOf(string cluster) =>
        new((options.Value.SpokeMcpUrl ?? throw new InvalidOperationException("Investigation:SpokeMcpUrl is not configured"))
            .Replace("{cluster}", Uri.EscapeDataString(cluster), StringComparison.Ordinal));

    /// <exception cref="IssuerUnavailableException">Keycloak is down: no token, so no call.</exception>
    /// <exception cref="SpokeUnavailableException">The addon refused the token or could not be reached.</exception>
    public async Task<ISpokeTools> ConnectAsync(string cluster, CancellationToken ct)
    {
        var token = await tokens.GetTokenAsync(ct);
        var endpoint = EndpointOf(cluster);
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            Name = $"spoke-mcp/{cluster}",
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token.Value}" },
        }, http.CreateClient(HttpClientName), loggers, ownsHttpClient: true);
        try
        {
            var client = await McpClient.CreateAsync(transport, new McpClientOptions
            {
                ClientInfo = new() { Name = "kubernaut-hub", Version = "1.0.0" },
            }, loggers, ct);
            var tools = new McpSpokeTools(cluster, client);
            // Listing the tools first lets the client send the tools' parameter headers (and proves the session works).
            await tools.DescribeAsync(ct);
            return tools;
        }
        catch (HttpRequestException e)
        {
            var reason = e.StatusCode switch
            {
                HttpStatusCode.Unauthorized => "the addon refused the investigation token (401)",
                HttpStatusCode.Forbidden => "the investigation identity lacks the investigator role (403)",
                HttpStatusCode.NotFound or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable => $"no addon answers at {endpoint} ({(int?)e.StatusCode})",
                _ => e.Message,
            };
            throw new SpokeUnavailableException(cluster, reason, e);
        }
    }
}
