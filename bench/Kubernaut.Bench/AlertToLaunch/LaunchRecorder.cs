using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Kubernaut.Bench.AlertToLaunch;

/// <summary>
/// Middleware in front of the fleet's AWX stand-in: the <see cref="Stopwatch"/> timestamp at which each job-template
/// launch was answered 201 (the job exists in AWX), so the figure does not depend on how often the benchmark polls.
/// </summary>
internal sealed class LaunchRecorder : IStartupFilter
{
    private readonly Channel<long> _launches = Channel.CreateUnbounded<long>();

    public ChannelReader<long> Launches => _launches.Reader;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            await inner(context);
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value is { } path
                && path.Contains("/job_templates/", StringComparison.Ordinal) && path.EndsWith("/launch/", StringComparison.Ordinal)
                && context.Response.StatusCode == StatusCodes.Status201Created)
            {
                _launches.Writer.TryWrite(Stopwatch.GetTimestamp());
            }
        });
        next(app);
    };
}
