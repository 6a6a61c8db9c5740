using System.Net.Http.Headers;

namespace Kubernaut.KindFleet.Alerting;

/// <summary>
/// POSTs webhook payloads as Alertmanager does: JSON, optional bearer credential, retried with backoff on 5xx and
/// connection errors until the group's next interval; 4xx is final.
/// </summary>
internal sealed partial class WebhookNotifier(IHttpClientFactory httpClients, TimeProvider time, ILogger<WebhookNotifier> logger)
{
    public const string UserAgent = "Alertmanager/0.25.0";

    public async Task<bool> SendAsync(AlertmanagerConfig.WebhookSection webhook, WebhookMessage message, TimeSpan retryFor, CancellationToken ct)
    {
        var http = httpClients.CreateClient(nameof(WebhookNotifier));
        var deadline = time.GetUtcNow() + (retryFor > TimeSpan.FromSeconds(5) ? retryFor : TimeSpan.FromSeconds(5));
        var backoff = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            int? status = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = JsonContent.Create(message) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.UserAgent.ParseAdd(UserAgent);
                if (webhook.BearerToken is { Length: > 0 } token)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue(webhook.HttpConfig?.Authorization?.Type ?? "Bearer", token);
                }

                using var response = await http.SendAsync(request, ct);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    LogDelivered(logger, message.Receiver, message.Status, message.Alerts.Count, attempt);
                    return true;
                }

                if (status < 500)
                {
                    LogRejected(logger, message.Receiver, status.Value);
                    return false;
                }
            }
            catch (HttpRequestException)
            {
                // Connection refused or reset: retryable, like a 5xx.
            }

            if (time.GetUtcNow() + backoff > deadline)
            {
                LogGaveUp(logger, message.Receiver, attempt, status);
                return false;
            }

            await Task.Delay(backoff, time, ct);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "webhook for receiver {Receiver} delivered ({Status}, {Count} alerts, attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string receiver, string status, int count, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhook for receiver {Receiver} rejected with HTTP {StatusCode}; not retried")]
    private static partial void LogRejected(ILogger logger, string receiver, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "webhook for receiver {Receiver} failed after {Attempts} attempts (last HTTP status {StatusCode})")]
    private static partial void LogGaveUp(ILogger logger, string receiver, int attempts, int? statusCode);
}
