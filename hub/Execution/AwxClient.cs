using System.Globalization;
using System.Text.Json.Nodes;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Execution;

/// <summary>AWX could not be reached (connection refused, timeout): a reason to retry, and after a while to give up.</summary>
internal sealed class AwxUnreachableException(string message, Exception inner) : Exception(message, inner);

/// <summary>AWX answered with an error.</summary>
internal sealed class AwxApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>A launched job as AWX reports it.</summary>
internal sealed record AwxJobState(int Id, string Status, bool Failed, string Explanation)
{
    public bool IsFinished => Status is "successful" or "failed" or "error" or "canceled";
}

/// <summary>
/// The part of the AWX REST API v2 (contracts.md §4) the executor uses, through Flurl.Http, under <c>/api/v2/</c> or
/// AAP's <c>/api/controller/v2/</c>. The bearer is the remediation token (or a static AWX token), fetched per call.
/// </summary>
internal sealed class AwxClient : IDisposable
{
    private const string BearerTokenType = "kubernetes_bearer_token";
    private readonly IFlurlClient _client;
    private readonly ExecutionOptions _options;
    private readonly IRemediationTokenSource _tokens;

    public AwxClient(IOptions<ExecutionOptions> options, IRemediationTokenSource tokens)
    {
        _options = options.Value;
        _tokens = tokens;
        var baseUrl = (_options.AwxUrl ?? "http://awx.invalid").TrimEnd('/') + "/" + _options.AwxApiPath.Trim('/') + "/";
        _client = new FlurlClientBuilder(baseUrl)
            .WithTimeout(_options.AwxRequestTimeout)
            .ConfigureInnerHandler(h =>
            {
                if (_options.AwxInsecureSkipVerify)
                {
                    h.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
                }
            })
            .Build();
    }

    public bool IsConfigured => !string.IsNullOrEmpty(_options.AwxUrl);

    public async Task<int> FindJobTemplateAsync(string name, CancellationToken ct)
    {
        var page = await SendAsync(r => r.AppendPathSegment("job_templates/").SetQueryParam("name", name).GetJsonAsync<JsonObject>(cancellationToken: ct), ct);
        return FirstId(page) ?? throw new AwxApiException(404, $"AWX has no job template named {name}");
    }

    public async Task<int> FindBearerTokenCredentialTypeAsync(CancellationToken ct)
    {
        var page = await SendAsync(r => r.AppendPathSegment("credential_types/").SetQueryParam("namespace", BearerTokenType).GetJsonAsync<JsonObject>(cancellationToken: ct), ct);
        return FirstId(page) ?? throw new AwxApiException(404, $"AWX has no credential type {BearerTokenType}");
    }

    public async Task<int?> FindCredentialAsync(string name, CancellationToken ct) =>
        FirstId(await SendAsync(r => r.AppendPathSegment("credentials/").SetQueryParam("name", name).GetJsonAsync<JsonObject>(cancellationToken: ct), ct));

    /// <summary>Creates the throw-away Kubernetes bearer-token credential; the token goes only into this request's body.</summary>
    public async Task<int> CreateBearerTokenCredentialAsync(string name, int credentialType, string host, string token, string? caPem, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["description"] = "kubernaut: ephemeral, deleted after the job",
            ["organization"] = _options.AwxOrganization,
            ["credential_type"] = credentialType,
            ["inputs"] = new JsonObject
            {
                ["host"] = host,
                ["bearer_token"] = token,
                ["verify_ssl"] = caPem is { Length: > 0 },
                ["ssl_ca_cert"] = caPem ?? "",
            },
        };
        var created = await SendAsync(r => r.AppendPathSegment("credentials/").PostJsonAsync(body, cancellationToken: ct).ReceiveJson<JsonObject>(), ct);
        return created["id"]!.GetValue<int>();
    }

    /// <summary>Deletes a credential; false when it was already gone.</summary>
    public async Task<bool> DeleteCredentialAsync(int id, CancellationToken ct)
    {
        try
        {
            await SendAsync(r => r.AppendPathSegment($"credentials/{id}/").DeleteAsync(cancellationToken: ct), ct);
            return true;
        }
        catch (AwxApiException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Launches; returns the job id and what AWX ignored (a launch that ignored anything must not be trusted).</summary>
    public async Task<(int Job, IReadOnlyList<string> Ignored)> LaunchAsync(int template, JsonObject extraVars, int credential, CancellationToken ct)
    {
        var body = new JsonObject { ["extra_vars"] = extraVars.DeepClone(), ["credentials"] = new JsonArray(credential) };
        var response = await SendAsync(r => r.AppendPathSegment($"job_templates/{template}/launch/").PostJsonAsync(body, cancellationToken: ct).ReceiveJson<JsonObject>(), ct);
        var ignored = response["ignored_fields"] is JsonObject o ? o.Select(kv => kv.Key).ToList() : [];
        return ((response["job"] ?? response["id"])!.GetValue<int>(), ignored);
    }

    /// <summary>A job of the template launched with this restart token (how a launch is found again after a crash).</summary>
    public async Task<int?> FindJobByRestartTokenAsync(int template, string restartToken, CancellationToken ct)
    {
        var page = await SendAsync(r => r.AppendPathSegment("jobs/").SetQueryParam("job_template", template).SetQueryParam("page_size", 200)
            .GetJsonAsync<JsonObject>(cancellationToken: ct), ct);
        foreach (var job in page["results"]?.AsArray() ?? [])
        {
            var vars = job?["extra_vars"]?.GetValue<string>();
            if (vars is { Length: > 0 } && JsonNode.Parse(vars)?["restart_token"]?.GetValue<string>() == restartToken)
            {
                return job!["id"]!.GetValue<int>();
            }
        }

        return null;
    }

    public async Task<AwxJobState> GetJobAsync(int id, CancellationToken ct)
    {
        var job = await SendAsync(r => r.AppendPathSegment($"jobs/{id}/").GetJsonAsync<JsonObject>(cancellationToken: ct), ct);
        return new AwxJobState(id, job["status"]?.GetValue<string>() ?? "unknown", job["failed"]?.GetValue<bool>() ?? false, job["job_explanation"]?.GetValue<string>() ?? "");
    }

    public Task<string> GetStdoutAsync(int id, CancellationToken ct) =>
        SendAsync(r => r.AppendPathSegment($"jobs/{id}/stdout/").SetQueryParam("format", "txt").GetStringAsync(cancellationToken: ct), ct);

    public async Task CancelJobAsync(int id, CancellationToken ct)
    {
        try
        {
            await SendAsync(r => r.AppendPathSegment($"jobs/{id}/cancel/").PostAsync(cancellationToken: ct), ct);
        }
        catch (AwxApiException e) when (e.Status == 405)
        {
            // Already finished: nothing to cancel.
        }
    }

    private async Task<T> SendAsync<T>(Func<IFlurlRequest, Task<T>> call, CancellationToken ct)
    {
        var bearer = _options.AwxAuthentication == AwxAuthenticationModes.StaticToken ? _options.AwxToken! : await _tokens.GetTokenAsync(ct);
        try
        {
            return await call(_client.Request().WithOAuthBearerToken(bearer));
        }
        catch (FlurlHttpTimeoutException e)
        {
            throw new AwxUnreachableException("AWX did not answer in time", e);
        }
        catch (FlurlHttpException e) when (e.StatusCode is null)
        {
            throw new AwxUnreachableException("AWX is unreachable: " + (e.InnerException?.Message ?? e.Message), e);
        }
        catch (FlurlHttpException e)
        {
            var body = await e.GetResponseStringAsync();
            throw new AwxApiException(e.StatusCode!.Value, $"AWX answered {e.StatusCode.Value.ToString(CultureInfo.InvariantCulture)} for {e.Call.Request.Verb} {e.Call.Request.Url.Path}: {Trim(body)}");
        }
    }

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static int? FirstId(JsonObject page) => page["results"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<int>();

    public void Dispose() => _client.Dispose();
}
