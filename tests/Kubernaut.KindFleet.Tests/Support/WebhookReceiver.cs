using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kubernaut.KindFleet.Tests.Support;

/// <summary>
/// An HTTP endpoint on a free loopback port that records webhook deliveries (path, headers, JSON body). It can be
/// told to answer the first N requests with 503 to exercise the sender's retries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private readonly TimeProvider _clock;
    private int _failuresLeft;
    private int _attempts;
    private long _firstAttemptTicks = long.MinValue;

    private WebhookReceiver(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>Every request seen, including those answered with 503.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>When the first request arrived, on the clock given at start (a fleet's simulated clock, say).</summary>
    public DateTimeOffset? FirstAttemptAt
    {
        get
        {
            var ticks = Interlocked.Read(ref _firstAttemptTicks);
            return ticks == long.MinValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>A delivery, stamped on arrival with the clock given at start.</summary>
    public sealed record Delivery(string Path, string? Authorization, string? ContentType, string? UserAgent, JsonObject Body, DateTimeOffset ReceivedAt);

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, clock ?? TimeProvider.System) { _failuresLeft = failFirst };
        app.MapPost("/{**path}", async (HttpContext ctx) =>
        {
            var receivedAt = receiver._clock.GetUtcNow();
            Interlocked.CompareExchange(ref receiver._firstAttemptTicks, receivedAt.UtcTicks, long.MinValue);
            Interlocked.Increment(ref receiver._attempts);
            var body = (JsonObject)(await JsonNode.ParseAsync(ctx.Request.Body, cancellationToken: ctx.RequestAborted))!;
            if (Interlocked.Decrement(ref receiver._failuresLeft) >= 0)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            await receiver._deliveries.Writer.WriteAsync(new Delivery(ctx.Request.Path, ctx.Request.Headers.Authorization, ctx.Request.ContentType, ctx.Request.Headers.UserAgent, body, receivedAt));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Address = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    /// <summary>The next delivery to <paramref name="path"/> satisfying <paramref name="match"/>; others to that path are skipped.</summary>
    public async Task<Delivery> NextAsync(string path, Func<JsonObject, bool> match, TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var skipped = new List<Delivery>();
        try
        {
            while (true)
            {
                var d = await _deliveries.Reader.ReadAsync(cts.Token);
                if (d.Path == path && match(d.Body))
                {
                    foreach (var s in skipped.Where(s => s.Path != path))
                    {
                        _deliveries.Writer.TryWrite(s);
                    }

                    return d;
                }

                skipped.Add(d);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no matching webhook on {path} within {timeout}; other deliveries: {string.Join("\n", skipped.Select(s => s.Path + " " + s.Body.ToJsonString()))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
