using System.Collections.Concurrent;

namespace Kubernaut.KindFleet.Resources;

/// <summary>
/// What one cluster serves: the built-ins plus whatever its CustomResourceDefinitions declare.
/// Lookups accept a plural, singular, kind or short name, the way kubectl resolves them.
/// </summary>
internal sealed class ResourceCatalog
{
    private readonly ConcurrentDictionary<(string Group, string Version, string Plural), ResourceType> _byPath = new();
    private readonly ConcurrentDictionary<string, ResourceType[]> _crdTypes = new(StringComparer.Ordinal);

    public ResourceCatalog()
    {
        foreach (var type in BuiltinResources.All)
        {
            Add(type);
        }
    }

    public IEnumerable<ResourceType> All => _byPath.Values;

    public ResourceType? Find(string group, string version, string plural) =>
        _byPath.TryGetValue((group, version, plural), out var t) ? t : null;

    /// <summary>The preferred (first registered) version serving a group resource.</summary>
    public ResourceType? FindAnyVersion(GroupResource gr) =>
        _byPath.Values.Where(t => t.GroupResource == gr).OrderBy(t => VersionRank(t.Version)).FirstOrDefault();

    public ResourceType? FindByKind(string apiVersion, string kind) =>
        _byPath.Values.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    public bool IsCustom(ResourceType type) => _crdTypes.Values.Any(types => types.Contains(type));

    public IEnumerable<string> Groups =>
        _byPath.Values.Select(t => t.Group).Where(g => g.Length > 0).Distinct().Order(StringComparer.Ordinal);

    public IEnumerable<string> Versions(string group) =>
        _byPath.Values.Where(t => t.Group == group).Select(t => t.Version).Distinct().OrderBy(VersionRank);

    public IEnumerable<ResourceType> InGroupVersion(string group, string version) =>
        _byPath.Values.Where(t => t.Group == group && t.Version == version).OrderBy(t => t.Plural, StringComparer.Ordinal);

    /// <summary>Registers (or replaces) the types a CRD serves; returns false when that would shadow a built-in.</summary>
    public bool SetCrdTypes(string crdName, IReadOnlyList<ResourceType> types)
    {
        RemoveCrdTypes(crdName);
        if (types.Any(t => _byPath.ContainsKey((t.Group, t.Version, t.Plural))))
        {
            return false;
        }

        foreach (var t in types)
        {
            Add(t);
        }

        _crdTypes[crdName] = [.. types];
        return true;
    }

    public void RemoveCrdTypes(string crdName)
    {
        if (_crdTypes.TryRemove(crdName, out var old))
        {
            foreach (var t in old)
            {
                _byPath.TryRemove((t.Group, t.Version, t.Plural), out _);
            }
        }
    }

    private void Add(ResourceType type) => _byPath[(type.Group, type.Version, type.Plural)] = type;

    /// <summary>Kubernetes version priority: GA before beta before alpha, higher numbers first.</summary>
    public static int VersionRank(string version)
    {
        var m = System.Text.RegularExpressions.Regex.Match(version, @"^v(\d+)(?:(alpha|beta)(\d+))?$");
        if (!m.Success)
        {
            return 1_000_000;
        }

        var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var stage = m.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 };
        var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (stage * 10_000) - (major * 100) - minor;
    }
}
