namespace Kubernaut.KindFleet.Awx;

/// <summary>The DRF field lookups the stand-in understands on list endpoints: <c>field</c>, <c>field__iexact</c>, <c>field__icontains</c>.</summary>
internal static class AwxFilters
{
    public static bool Matches(HttpRequest request, string field, string? value)
    {
        var query = request.Query;
        if (query.TryGetValue(field, out var exact) && !string.Equals(exact.ToString(), value, StringComparison.Ordinal))
        {
            return false;
        }

        if (query.TryGetValue(field + "__iexact", out var iexact) && !string.Equals(iexact.ToString(), value, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !query.TryGetValue(field + "__icontains", out var contains) || (value ?? "").Contains(contains.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
