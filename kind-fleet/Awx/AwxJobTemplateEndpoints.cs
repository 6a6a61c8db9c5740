using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Awx;

/// <summary><c>/job_templates/</c>: lookup by name, detail, and launch.</summary>
internal static partial class AwxJobTemplateEndpoints
{
    public static void Map(RouteGroupBuilder api, string basePath)
    {
        api.MapGet("/job_templates/", (HttpRequest request, AwxJobTemplateCatalog catalog, AwxJobStore jobs) =>
        {
            var matches = catalog.Templates
                .Where(t => AwxFilters.Matches(request, "name", t.Name) && AwxFilters.Matches(request, "id", t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Select(t => t.View(basePath, jobs.LastOf(t.Id)))
                .ToList();
            return AwxJson.Ok(AwxPage<object>.Of(matches, request));
        });

        api.MapGet("/job_templates/{id:int}/", (int id, AwxJobTemplateCatalog catalog, AwxJobStore jobs) =>
            catalog.Find(id) is { } template ? AwxJson.Ok(template.View(basePath, jobs.LastOf(id))) : AwxJson.NotFound());

        api.MapGet("/job_templates/{id:int}/jobs/", (int id, HttpRequest request, AwxJobTemplateCatalog catalog, AwxJobStore jobs, TimeProvider time) =>
            catalog.Find(id) is null
                ? AwxJson.NotFound()
                : AwxJson.Ok(AwxPage<object>.Of([.. jobs.All.Where(j => j.Template.Id == id).Select(j => j.View(basePath, time.GetUtcNow()))], request)));

        api.MapGet("/job_templates/{id:int}/launch/", (int id, AwxJobTemplateCatalog catalog) =>
        {
            if (catalog.Find(id) is not { } template)
            {
                return AwxJson.NotFound();
            }

            var view = new Dictionary<string, object?>(template.AskFlags())
            {
                ["can_start_without_user_input"] = template.RequiredCredentialKinds.Count == 0,
                ["passwords_needed_to_start"] = Array.Empty<string>(),
                ["variables_needed_to_start"] = Array.Empty<string>(),
                ["credential_needed_to_start"] = template.RequiredCredentialKinds.Count > 0,
                ["inventory_needed_to_start"] = false,
                ["survey_enabled"] = false,
                ["job_template_data"] = new { name = template.Name, id = template.Id, description = "" },
                ["defaults"] = new
                {
                    extra_vars = "",
                    limit = "",
                    credentials = Array.Empty<object>(),
                    inventory = new { name = AwxInventory.LocalhostName, id = AwxInventory.LocalhostId },
                    job_type = "run",
                    verbosity = 0,
                },
            };
            return AwxJson.Ok(view);
        });

        api.MapPost("/job_templates/{id:int}/launch/", LaunchAsync(basePath));
    }

    private static Func<int, HttpContext, AwxJobTemplateCatalog, AwxCredentialStore, AwxJobStore, AwxJobDispatcher, TimeProvider, ILoggerFactory, Task<IResult>> LaunchAsync(string basePath) =>
        async (id, http, catalog, credentials, jobs, dispatcher, time, loggers) =>
        {
            if (catalog.Find(id) is not { } template)
            {
                return AwxJson.NotFound();
            }

            if (await AwxJson.ReadObjectAsync(http.Request, http.RequestAborted) is not { } body)
            {
                return AwxJson.Detail(StatusCodes.Status400BadRequest, "JSON parse error - request body is not a JSON object.");
            }

            var decision = LaunchRequest.Evaluate(template, body, credentials);
            if (decision.Errors is not null)
            {
                return AwxJson.Ok(decision.Errors, StatusCodes.Status400BadRequest);
            }

            var job = jobs.Add(jobId => new AwxJob(jobId, template, decision.ExtraVars, decision.Credentials, time.GetUtcNow()));
            dispatcher.Enqueue(job);
            LogLaunched(loggers.CreateLogger(typeof(AwxJobTemplateEndpoints)), job.Id, template.Name, decision.IgnoredFields.Count);

            var response = new JsonObject { ["job"] = job.Id, ["ignored_fields"] = decision.IgnoredFields };
            foreach (var (key, value) in AwxJson.ToNode(job.View(basePath, time.GetUtcNow())))
            {
                response[key] = value?.DeepClone();
            }

            var request = http.Request;
            http.Response.Headers.Location = $"{request.Scheme}://{request.Host}{request.PathBase}{basePath}/jobs/{job.Id}/";
            return Results.Json(response, AwxJson.Options, statusCode: StatusCodes.Status201Created);
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "AWX job {JobId} launched from template {Template} ({IgnoredCount} ignored fields)")]
    private static partial void LogLaunched(ILogger logger, int jobId, string template, int ignoredCount);
}
