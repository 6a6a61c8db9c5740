namespace Kubernaut.KindFleet.Awx;

/// <summary><c>/credentials/</c>: create, list, read (secrets shown as <c>$encrypted$</c>) and delete.</summary>
internal static class AwxCredentialEndpoints
{
    public static void Map(RouteGroupBuilder api, string basePath)
    {
        api.MapGet("/credentials/", (HttpRequest request, AwxCredentialStore store) =>
        {
            var matches = store.All
                .Where(c => AwxFilters.Matches(request, "name", c.Name)
                            && AwxFilters.Matches(request, "credential_type", c.Type.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Select(c => c.View(basePath))
                .ToList();
            return AwxJson.Ok(AwxPage<object>.Of(matches, request));
        });

        api.MapGet("/credentials/{id:int}/", (int id, AwxCredentialStore store) =>
            store.Find(id) is { } credential ? AwxJson.Ok(credential.View(basePath)) : AwxJson.NotFound());

        api.MapPost("/credentials/", async (HttpRequest request, AwxCredentialStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (await AwxJson.ReadObjectAsync(request, ct) is not { } body)
            {
                return AwxJson.Detail(StatusCodes.Status400BadRequest, "JSON parse error - request body is not a JSON object.");
            }

            var (create, errors) = CredentialValidation.Validate(body);
            if (create is null)
            {
                return AwxJson.Ok(errors, StatusCodes.Status400BadRequest);
            }

            var now = time.GetUtcNow();
            var credential = store.TryAdd(id => create(id, now));
            return credential is null
                ? AwxJson.FieldError("__all__", "Credential with this Organization, Name and Credential type already exists.")
                : Results.Json(credential.View(basePath), AwxJson.Options, statusCode: StatusCodes.Status201Created);
        });

        api.MapDelete("/credentials/{id:int}/", (int id, AwxCredentialStore store) =>
            store.Remove(id) ? Results.NoContent() : AwxJson.NotFound());
    }
}
