namespace Kubernaut.Hub.Signals.NaturalLanguage;

/// <summary>
/// Words people use for the parts of a service. Groups of stems that mean the same role ("gateway" and "processing" of
/// payments, "db" and "database"), generic words that say nothing about which service, and environment words for
/// cluster names ("production" for "prod").
/// </summary>
internal static class Lexicon
{
    private static readonly string[][] RoleGroups =
    [
        ["gateway", "process", "processor", "handler", "engine", "transaction"],
        ["db", "database", "postgre", "postgres", "postgresql", "mysql", "sql", "datastore", "storage", "persistence"],
        ["cache", "redi", "redis", "memcache", "memcached"],
        ["web", "frontend", "ui", "site", "website", "storefront", "portal", "page"],
        ["queue", "mq", "broker", "kafka", "rabbitmq", "messag", "message"],
        ["auth", "authentication", "login", "identity", "sso", "iam", "signin"],
        ["payment", "pay", "billing", "invoice"],
        ["checkout", "cart", "basket"],
        ["search", "index", "elasticsearch"],
        ["notification", "notify", "email", "mail", "sms"],
        ["order", "ordering"],
        ["inventory", "stock", "catalog", "catalogue", "product"],
        ["ship", "shipping", "delivery", "fulfilment", "fulfillment"],
    ];

    private static readonly HashSet<string> Generic = ["service", "svc", "app", "application", "server", "deployment", "api", "backend", "v1", "v2", "main", "core"];

    private static readonly string[][] EnvironmentGroups =
    [
        ["prod", "production", "prd", "live"],
        ["staging", "stage", "stg", "preprod"],
        ["dev", "development", "develop"],
        ["eu", "europe", "european", "emea"],
        ["us", "usa", "america", "american"],
        ["west", "western"],
        ["east", "eastern"],
    ];

    private static readonly Dictionary<string, int> RoleIndex = Index(RoleGroups);
    private static readonly Dictionary<string, int> EnvironmentIndex = Index(EnvironmentGroups);

    public static bool IsGeneric(string stem) => Generic.Contains(stem);

    public static bool SameRole(string a, string b) =>
        RoleIndex.TryGetValue(a, out var x) && RoleIndex.TryGetValue(b, out var y) && x == y;

    public static bool SameEnvironmentWord(string a, string b) =>
        a == b || (EnvironmentIndex.TryGetValue(a, out var x) && EnvironmentIndex.TryGetValue(b, out var y) && x == y);

    private static Dictionary<string, int> Index(string[][] groups)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Length; g++)
        {
            foreach (var word in groups[g])
            {
                index[Tokens.Stem(word)] = g;
                index[word] = g;
            }
        }

        return index;
    }
}
