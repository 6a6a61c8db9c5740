using System.Text.Json.Serialization;

namespace Kubernaut.Hub.A2A.Wire;

/// <summary>The A2A agent card (v0.3.0), served at <c>/.well-known/agent-card.json</c> and the v0.2 path <c>/.well-known/agent.json</c>.</summary>
internal sealed record AgentCard(
    [property: JsonPropertyName("protocolVersion")] string ProtocolVersion,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("preferredTransport")] string PreferredTransport,
    [property: JsonPropertyName("additionalInterfaces")] IReadOnlyList<AgentInterface> AdditionalInterfaces,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("provider")] AgentProvider? Provider,
    [property: JsonPropertyName("capabilities")] AgentCapabilities Capabilities,
    [property: JsonPropertyName("securitySchemes")] IReadOnlyDictionary<string, SecurityScheme>? SecuritySchemes,
    [property: JsonPropertyName("security")] IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<string>>>? Security,
    [property: JsonPropertyName("defaultInputModes")] IReadOnlyList<string> DefaultInputModes,
    [property: JsonPropertyName("defaultOutputModes")] IReadOnlyList<string> DefaultOutputModes,
    [property: JsonPropertyName("skills")] IReadOnlyList<AgentSkill> Skills,
    [property: JsonPropertyName("supportsAuthenticatedExtendedCard")] bool SupportsAuthenticatedExtendedCard = false);

internal sealed record AgentInterface(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("transport")] string Transport);

internal sealed record AgentProvider(
    [property: JsonPropertyName("organization")] string Organization,
    [property: JsonPropertyName("url")] string Url);

internal sealed record AgentCapabilities(
    [property: JsonPropertyName("streaming")] bool Streaming,
    [property: JsonPropertyName("pushNotifications")] bool PushNotifications,
    [property: JsonPropertyName("stateTransitionHistory")] bool StateTransitionHistory);

internal sealed record AgentSkill(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("examples")] IReadOnlyList<string>? Examples = null,
    [property: JsonPropertyName("inputModes")] IReadOnlyList<string>? InputModes = null,
    [property: JsonPropertyName("outputModes")] IReadOnlyList<string>? OutputModes = null);

/// <summary>One way to authenticate (OpenAPI-style): <c>http</c> bearer, <c>oauth2</c> with its flows, or <c>openIdConnect</c>.</summary>
internal sealed record SecurityScheme(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("description")] string? Description = null,
    [property: JsonPropertyName("scheme")] string? Scheme = null,
    [property: JsonPropertyName("bearerFormat")] string? BearerFormat = null,
    [property: JsonPropertyName("flows")] OAuthFlows? Flows = null,
    [property: JsonPropertyName("oauth2MetadataUrl")] string? OAuth2MetadataUrl = null,
    [property: JsonPropertyName("openIdConnectUrl")] string? OpenIdConnectUrl = null);

internal sealed record OAuthFlows(
    [property: JsonPropertyName("clientCredentials")] ClientCredentialsFlow? ClientCredentials = null);

internal sealed record ClientCredentialsFlow(
    [property: JsonPropertyName("tokenUrl")] string TokenUrl,
    [property: JsonPropertyName("scopes")] IReadOnlyDictionary<string, string> Scopes,
    [property: JsonPropertyName("refreshUrl")] string? RefreshUrl = null);
