using System.Text.Json.Nodes;
using Flurl.Http;

namespace Kubernaut.KindFleet.Tests.Awx;

/// <summary>The calls the hub makes against AWX, written the way the hub writes them (Flurl.Http).</summary>
internal static class AwxApi
{
    public static async Task<JsonObject> JsonAsync(this IFlurlResponse response) =>
        JsonNode.Parse(await response.GetStringAsync()) as JsonObject ?? throw new InvalidOperationException("not a JSON object");

    public static async Task<int> TemplateIdAsync(this IFlurlClient awx, string name, CancellationToken ct)
    {
        var page = await (await awx.Request("job_templates/").SetQueryParam("name", name).GetAsync(cancellationToken: ct)).JsonAsync();
        Assert.Equal(1, page["count"]!.GetValue<int>());
        return page["results"]![0]!["id"]!.GetValue<int>();
    }

    public static async Task<int> KubernetesCredentialTypeIdAsync(this IFlurlClient awx, CancellationToken ct)
    {
        var page = await (await awx.Request("credential_types/").SetQueryParam("namespace", "kubernetes_bearer_token").GetAsync(cancellationToken: ct)).JsonAsync();
        return page["results"]![0]!["id"]!.GetValue<int>();
    }

    public static async Task<int> CreateKubernetesCredentialAsync(this IFlurlClient awx, string name, string host, string token, string? caPem, CancellationToken ct)
    {
        var typeId = await awx.KubernetesCredentialTypeIdAsync(ct);
        var response = await awx.Request("credentials/").PostJsonAsync(new
        {
            name,
            organization = 1,
            credential_type = typeId,
            inputs = new { host, bearer_token = token, verify_ssl = caPem is not null, ssl_ca_cert = caPem ?? "" },
        }, cancellationToken: ct);
        Assert.Equal(201, response.StatusCode);
        return (await response.JsonAsync())["id"]!.GetValue<int>();
    }

    public static async Task<IFlurlResponse> LaunchAsync(this IFlurlClient awx, int templateId, object body, CancellationToken ct) =>
        await awx.Request($"job_templates/{templateId}/launch/").PostJsonAsync(body, cancellationToken: ct);

    public static async Task<JsonObject> JobAsync(this IFlurlClient awx, int jobId, CancellationToken ct) =>
        await (await awx.Request($"jobs/{jobId}/").GetAsync(cancellationToken: ct)).JsonAsync();

    public static async Task<string> StdoutAsync(this IFlurlClient awx, int jobId, CancellationToken ct) =>
        await awx.Request($"jobs/{jobId}/stdout/").SetQueryParam("format", "txt").GetStringAsync(cancellationToken: ct);

    /// <summary>Polls the job until it reaches a terminal state (generous deadline: ansible on a loaded machine).</summary>
    public static async Task<JsonObject> WaitForJobAsync(this IFlurlClient awx, int jobId, CancellationToken ct, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var job = await awx.JobAsync(jobId, ct);
            if (job["status"]!.GetValue<string>() is "successful" or "failed" or "error" or "canceled")
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} still {job["status"]} after {timeoutSeconds}s:\n{await awx.StdoutAsync(jobId, ct)}");
            await Task.Delay(200, ct);
        }
    }

    public static async Task WaitForStatusAsync(this IFlurlClient awx, int jobId, string status, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await awx.JobAsync(jobId, ct))["status"]!.GetValue<string>() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {jobId} never reached {status}");
            await Task.Delay(100, ct);
        }
    }
}
