using Kubernaut.KindFleet.PromQl;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Kubernaut.KindFleet.Alerting;

/// <summary>
/// The part of alertmanager.yml the stand-in understands: <c>global.resolve_timeout</c>, the root route (receiver,
/// group_by, group_wait, group_interval, repeat_interval) and receivers with webhook_configs (url, send_resolved,
/// max_alerts, http_config authorization / bearer_token). Child routes, inhibition and silences are not simulated.
/// </summary>
internal sealed class AlertmanagerConfig
{
    public GlobalSection Global { get; set; } = new();

    public RouteSection Route { get; set; } = new();

    public List<ReceiverSection> Receivers { get; set; } = [];

    public static AlertmanagerConfig Parse(string yaml)
    {
        var config = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
            .Deserialize<AlertmanagerConfig>(yaml) ?? new AlertmanagerConfig();
        if (config.Receivers.All(r => r.Name != config.Route.Receiver))
        {
            throw new InvalidOperationException($"undefined receiver \"{config.Route.Receiver}\" used in route");
        }

        return config;
    }

    public static TimeSpan Duration(string value) => Lexer.ParseDuration(value);

    public sealed class GlobalSection
    {
        public string ResolveTimeout { get; set; } = "5m";
    }

    public sealed class RouteSection
    {
        public string Receiver { get; set; } = "";

        public List<string> GroupBy { get; set; } = [];

        public string GroupWait { get; set; } = "30s";

        public string GroupInterval { get; set; } = "5m";

        public string RepeatInterval { get; set; } = "4h";
    }

    public sealed class ReceiverSection
    {
        public string Name { get; set; } = "";

        public List<WebhookSection> WebhookConfigs { get; set; } = [];
    }

    public sealed class WebhookSection
    {
        public string Url { get; set; } = "";

        public bool SendResolved { get; set; } = true;

        public int MaxAlerts { get; set; }

        public HttpConfigSection? HttpConfig { get; set; }

        /// <summary>The bearer credential, from either spelling Alertmanager accepts.</summary>
        public string? BearerToken => HttpConfig?.Authorization?.Credentials ?? HttpConfig?.BearerToken;
    }

    public sealed class HttpConfigSection
    {
        public AuthorizationSection? Authorization { get; set; }

        public string? BearerToken { get; set; }
    }

    public sealed class AuthorizationSection
    {
        public string Type { get; set; } = "Bearer";

        public string? Credentials { get; set; }
    }
}
