namespace Kubernaut.KindFleet.Awx;

/// <summary><c>/me/</c>, <c>/organizations/</c> and <c>/credential_types/</c>: the fixed parts of an install.</summary>
internal static class AwxDirectoryEndpoints
{
    public static void Map(RouteGroupBuilder api, string basePath)
    {
        api.MapGet("/me/", (HttpRequest request) => AwxJson.Ok(AwxPage<object>.Of([AwxUsers.Admin(basePath)], request)));

        api.MapGet("/organizations/", (HttpRequest request) =>
            AwxJson.Ok(AwxPage<object>.Of(AwxFilters.Matches(request, "name", AwxOrganizations.DefaultName) ? [AwxOrganizations.View(basePath)] : [], request)));
        api.MapGet("/organizations/{id:int}/", (int id) => id == AwxOrganizations.DefaultId ? AwxJson.Ok(AwxOrganizations.View(basePath)) : AwxJson.NotFound());

        api.MapGet("/credential_types/", (HttpRequest request) =>
        {
            var types = CredentialTypes.All
                .Where(t => AwxFilters.Matches(request, "name", t.Name) && AwxFilters.Matches(request, "namespace", t.Namespace)
                            && AwxFilters.Matches(request, "kind", t.Kind) && AwxFilters.Matches(request, "id", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Select(t => t.View(basePath))
                .ToList();
            return AwxJson.Ok(AwxPage<object>.Of(types, request));
        });
        api.MapGet("/credential_types/{id:int}/", (int id) => CredentialTypes.Find(id) is { } type ? AwxJson.Ok(type.View(basePath)) : AwxJson.NotFound());
    }
}
