using System.Text;

namespace Kubernaut.KindFleet.Awx;

/// <summary><c>/jobs/</c>: status, stdout in AWX's formats, and cancel.</summary>
internal static class AwxJobEndpoints
{
    public static void Map(RouteGroupBuilder api, string basePath)
    {
        api.MapGet("/jobs/", (HttpRequest request, AwxJobStore jobs, TimeProvider time) =>
        {
            var matches = jobs.All
                .Where(j => AwxFilters.Matches(request, "status", j.Status)
                            && AwxFilters.Matches(request, "job_template", j.Template.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Select(j => j.View(basePath, time.GetUtcNow()))
                .ToList();
            return AwxJson.Ok(AwxPage<object>.Of(matches, request));
        });

        api.MapGet("/jobs/{id:int}/", (int id, AwxJobStore jobs, TimeProvider time) =>
            jobs.Find(id) is { } job ? AwxJson.Ok(job.View(basePath, time.GetUtcNow())) : AwxJson.NotFound());

        api.MapGet("/jobs/{id:int}/stdout/", (int id, HttpRequest request, AwxJobStore jobs) =>
            jobs.Find(id) is { } job ? Stdout(job, request.Query["format"].ToString()) : AwxJson.NotFound());

        api.MapGet("/jobs/{id:int}/cancel/", (int id, AwxJobStore jobs) =>
            jobs.Find(id) is { } job ? AwxJson.Ok(new { can_cancel = job.CanCancel }) : AwxJson.NotFound());

        api.MapPost("/jobs/{id:int}/cancel/", (int id, AwxJobStore jobs, TimeProvider time) =>
        {
            if (jobs.Find(id) is not { } job)
            {
                return AwxJson.NotFound();
            }

            return job.Cancel(time.GetUtcNow())
                ? Results.StatusCode(StatusCodes.Status202Accepted)
                : AwxJson.Detail(StatusCodes.Status405MethodNotAllowed, "Method \"POST\" not allowed.");
        });
    }

    private static IResult Stdout(AwxJob job, string format)
    {
        var text = job.Stdout;
        switch (format)
        {
            case "txt" or "ansi":
                return Results.Text(text, "text/plain", Encoding.UTF8);
            case "txt_download" or "ansi_download":
                return Results.File(Encoding.UTF8.GetBytes(text), "text/plain", $"job_{job.Id}.txt");
            case "" or "json" or "api":
                var lines = text.Length == 0 ? 0 : text.Count(c => c == '\n');
                return AwxJson.Ok(new { range = new { start = 0, end = lines, absolute_end = lines }, content = text });
            default:
                return AwxJson.Detail(StatusCodes.Status404NotFound, $"Not found: unsupported stdout format '{format}'.");
        }
    }
}
