using Flurl.Http;

namespace Kubernaut.KindFleet.Tests.Awx;

/// <summary>The AWX REST contract (contracts.md §4) as the hub uses it, against the stand-in.</summary>
public sealed class AwxApiTests(AwxFleetFixture fleet) : IClassFixture<AwxFleetFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ping_WithoutToken_AnswersVersion()
    {
        var response = await new FlurlClient(fleet.BaseAddress.ToString()).AllowAnyHttpStatus().Request("api/v2/ping/").GetAsync(cancellationToken: Ct);

        Assert.Equal(200, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.JsonAsync())["version"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Me_MissingOrWrongToken_Returns401()
    {
        var anonymous = await new FlurlClient(fleet.BaseAddress.ToString()).AllowAnyHttpStatus().Request("api/v2/me/").GetAsync(cancellationToken: Ct);
        var wrong = await new FlurlClient(fleet.BaseAddress.ToString()).AllowAnyHttpStatus().WithOAuthBearerToken("not-the-token").Request("api/v2/me/").GetAsync(cancellationToken: Ct);
        var right = await fleet.Awx().Request("me/").GetAsync(cancellationToken: Ct);

        Assert.Equal(401, anonymous.StatusCode);
        Assert.Equal(401, wrong.StatusCode);
        Assert.Equal(200, right.StatusCode);
        Assert.Equal("admin", (await right.JsonAsync())["results"]![0]!["username"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("api/v2")]
    [InlineData("api/controller/v2")]
    [InlineData("awx/api/v2")]
    public async Task JobTemplates_LookupByName_ReturnsTemplateWithLaunchPrompts(string apiBase)
    {
        var awx = fleet.Awx(apiBase);

        var page = await (await awx.Request("job_templates/").SetQueryParam("name", "scale-statefulset").GetAsync(cancellationToken: Ct)).JsonAsync();
        var id = page["results"]![0]!["id"]!.GetValue<int>();
        var launch = await (await awx.Request($"job_templates/{id}/launch/").GetAsync(cancellationToken: Ct)).JsonAsync();

        Assert.Equal(1, page["count"]!.GetValue<int>());
        Assert.Null(page["next"]);
        Assert.Equal("scale-statefulset.yml", page["results"]![0]!["playbook"]!.GetValue<string>());
        Assert.True(launch["ask_variables_on_launch"]!.GetValue<bool>());
        Assert.True(launch["ask_credential_on_launch"]!.GetValue<bool>());
        Assert.False(launch["ask_limit_on_launch"]!.GetValue<bool>());
        Assert.True(launch["credential_needed_to_start"]!.GetValue<bool>());
    }

    [Fact]
    public async Task JobTemplates_UnknownName_ReturnsEmptyPage()
    {
        var page = await (await fleet.Awx().Request("job_templates/").SetQueryParam("name", "no-such-workflow").GetAsync(cancellationToken: Ct)).JsonAsync();

        Assert.Equal(0, page["count"]!.GetValue<int>());
        Assert.Empty(page["results"]!.AsArray());
    }

    [Fact]
    public async Task CredentialTypes_ByNamespace_ReturnsKubernetesBearerTokenType()
    {
        var page = await (await fleet.Awx().Request("credential_types/").SetQueryParam("namespace", "kubernetes_bearer_token").GetAsync(cancellationToken: Ct)).JsonAsync();
        var type = page["results"]![0]!;
        var fields = type["inputs"]!["fields"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToList();

        Assert.Equal(1, page["count"]!.GetValue<int>());
        Assert.Equal("OpenShift or Kubernetes API Bearer Token", type["name"]!.GetValue<string>());
        Assert.Equal("kubernetes", type["kind"]!.GetValue<string>());
        Assert.Equal(["host", "bearer_token", "verify_ssl", "ssl_ca_cert"], fields);
        Assert.Equal(["host", "bearer_token"], type["inputs"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task Credentials_CreateReadDelete_NeverEchoesSecretsAndDeletesWith204()
    {
        var awx = fleet.Awx();
        var name = "remediation-" + Guid.NewGuid().ToString("N")[..8];

        var id = await awx.CreateKubernetesCredentialAsync(name, fleet.ClusterProxyUrl("staging"), "secret-token-value", fleet.CaPem, Ct);
        var byName = await (await awx.Request("credentials/").SetQueryParam("name", name).GetAsync(cancellationToken: Ct)).GetStringAsync();
        var detail = await (await awx.Request($"credentials/{id}/").GetAsync(cancellationToken: Ct)).JsonAsync();
        var deleted = await awx.Request($"credentials/{id}/").DeleteAsync(cancellationToken: Ct);
        var after = await awx.Request($"credentials/{id}/").GetAsync(cancellationToken: Ct);

        Assert.DoesNotContain("secret-token-value", byName);
        Assert.DoesNotContain("BEGIN CERTIFICATE", byName);
        Assert.Equal("$encrypted$", detail["inputs"]!["bearer_token"]!.GetValue<string>());
        Assert.Equal(fleet.ClusterProxyUrl("staging"), detail["inputs"]!["host"]!.GetValue<string>());
        Assert.Equal(204, deleted.StatusCode);
        Assert.Equal(404, after.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","credential_type":17,"inputs":{"host":"https://h","bearer_token":"t"}}""", "organization")]
    [InlineData("""{"name":"x","credential_type":17,"organization":1,"user":1,"inputs":{"host":"https://h","bearer_token":"t"}}""", "Only one")]
    [InlineData("""{"name":"x","credential_type":17,"organization":1,"inputs":{"host":"https://h"}}""", "required")]
    [InlineData("""{"name":"x","credential_type":17,"organization":1,"inputs":{"host":"https://h","bearer_token":"t","password":"p"}}""", "password")]
    [InlineData("""{"name":"x","credential_type":17,"organization":1,"inputs":{"host":"https://h","bearer_token":"t","verify_ssl":"yes"}}""", "boolean")]
    [InlineData("""{"name":"x","credential_type":999,"organization":1,"inputs":{}}""", "credential_type")]
    public async Task Credentials_InvalidCreate_Returns400WithReason(string body, string expected)
    {
        var response = await fleet.Awx().Request("credentials/").WithHeader("Content-Type", "application/json").PostStringAsync(body, cancellationToken: Ct);

        Assert.Equal(400, response.StatusCode);
        Assert.Contains(expected, await response.GetStringAsync());
    }

    [Fact]
    public async Task Launch_WithExtraVarsAndCredential_RunsPlaybookToSuccessWithMaskedStdout()
    {
        var awx = fleet.Awx("api/controller/v2");
        var templateId = await awx.TemplateIdAsync("test-echo", Ct);
        const string token = "sim-token-that-must-never-show";
        var credentialId = await awx.CreateKubernetesCredentialAsync("echo-" + Guid.NewGuid().ToString("N")[..8], fleet.ClusterProxyUrl("staging"), token, fleet.CaPem, Ct);

        var launch = await awx.LaunchAsync(templateId, new { extra_vars = new { who = "world" }, credentials = new[] { credentialId } }, Ct);
        var launched = await launch.JsonAsync();
        var jobId = launched["job"]!.GetValue<int>();
        var job = await awx.WaitForJobAsync(jobId, Ct);
        var stdout = await awx.StdoutAsync(jobId, Ct);
        var json = await (await awx.Request($"jobs/{jobId}/stdout/").SetQueryParam("format", "json").GetAsync(cancellationToken: Ct)).JsonAsync();

        Assert.Equal(201, launch.StatusCode);
        Assert.EndsWith($"/api/controller/v2/jobs/{jobId}/", launch.ResponseMessage.Headers.Location!.ToString());
        Assert.Empty(launched["ignored_fields"]!.AsObject());
        Assert.Contains(launched["status"]!.GetValue<string>(), new[] { "new", "pending", "waiting", "running" });
        Assert.True(job["status"]!.GetValue<string>() == "successful", stdout);
        Assert.False(job["failed"]!.GetValue<bool>());
        Assert.Equal(templateId, job["job_template"]!.GetValue<int>());
        Assert.NotNull(job["started"]?.GetValue<string>());
        Assert.NotNull(job["finished"]?.GetValue<string>());
        Assert.True(job["elapsed"]!.GetValue<double>() > 0);
        Assert.Contains("hello world", stdout);
        Assert.Contains($"host={fleet.ClusterProxyUrl("staging")} verify=True token=$encrypted$", stdout);
        Assert.Contains("ca_first_line=-----BEGIN CERTIFICATE-----", stdout);
        Assert.Contains("pyenv=[] path=[/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin]", stdout);
        Assert.DoesNotContain(token, stdout);
        Assert.Equal(stdout, json["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Launch_JobFiles_AreDeletedWhenTheJobEnds()
    {
        var awx = fleet.Awx();
        var templateId = await awx.TemplateIdAsync("test-echo", Ct);
        var credentialId = await awx.CreateKubernetesCredentialAsync("files-" + Guid.NewGuid().ToString("N")[..8], fleet.ClusterProxyUrl("staging"), "t0ken", fleet.CaPem, Ct);

        var jobId = (await (await awx.LaunchAsync(templateId, new { extra_vars = new { who = "files" }, credentials = new[] { credentialId } }, Ct)).JsonAsync())["job"]!.GetValue<int>();
        await awx.WaitForJobAsync(jobId, Ct);
        var stdout = await awx.StdoutAsync(jobId, Ct);
        var caPath = System.Text.RegularExpressions.Regex.Match(stdout, "ca_path=(\\S+)").Groups[1].Value;
        var home = System.Text.RegularExpressions.Regex.Match(stdout, "home=(\\S+)").Groups[1].Value;

        Assert.StartsWith(home, caPath);
        Assert.False(File.Exists(caPath), "the CA file outlived the job");
        Assert.False(Directory.Exists(home), "the job's private directory (extra vars, CA) outlived the job");
    }

    [Fact]
    public async Task Launch_WithFieldTheTemplateDoesNotPromptFor_ListsItInIgnoredFields()
    {
        var awx = fleet.Awx();
        var templateId = await awx.TemplateIdAsync("test-echo", Ct);
        var credentialId = await awx.CreateKubernetesCredentialAsync("limit-" + Guid.NewGuid().ToString("N")[..8], fleet.ClusterProxyUrl("staging"), "t", null, Ct);

        var launch = await awx.LaunchAsync(templateId, new { extra_vars = new { who = "x" }, credentials = new[] { credentialId }, limit = "otherhost", job_tags = "a" }, Ct);
        var body = await launch.JsonAsync();
        var job = await awx.WaitForJobAsync(body["job"]!.GetValue<int>(), Ct);

        Assert.Equal(201, launch.StatusCode);
        Assert.Equal("otherhost", body["ignored_fields"]!["limit"]!.GetValue<string>());
        Assert.Equal("a", body["ignored_fields"]!["job_tags"]!.GetValue<string>());
        Assert.Null(body["ignored_fields"]!["extra_vars"]);
        Assert.Equal("successful", job["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Launch_TwoCredentialsOfOneType_Returns400()
    {
        var awx = fleet.Awx();
        var templateId = await awx.TemplateIdAsync("test-echo", Ct);
        var first = await awx.CreateKubernetesCredentialAsync("dup-a-" + Guid.NewGuid().ToString("N")[..8], "https://a", "t", null, Ct);
        var second = await awx.CreateKubernetesCredentialAsync("dup-b-" + Guid.NewGuid().ToString("N")[..8], "https://b", "t", null, Ct);

        var launch = await awx.LaunchAsync(templateId, new { extra_vars = new { who = "x" }, credentials = new[] { first, second } }, Ct);

        Assert.Equal(400, launch.StatusCode);
        Assert.Contains("Cannot assign multiple", await launch.GetStringAsync());
    }

    [Fact]
    public async Task Launch_WithoutRequiredKubernetesCredential_Returns400()
    {
        var awx = fleet.Awx();
        var templateId = await awx.TemplateIdAsync("test-echo", Ct);

        var launch = await awx.LaunchAsync(templateId, new { extra_vars = new { who = "x" } }, Ct);
        var unknown = await awx.LaunchAsync(templateId, new { extra_vars = new { who = "x" }, credentials = new[] { 987654 } }, Ct);

        Assert.Equal(400, launch.StatusCode);
        Assert.Contains("credentials", await launch.GetStringAsync());
        Assert.Equal(400, unknown.StatusCode);
    }

    [Fact]
    public async Task Cancel_RunningJob_KillsPlaybookAndEndsCanceled()
    {
        var awx = fleet.Awx();
        var templateId = await awx.TemplateIdAsync("test-sleep", Ct);
        var credentialId = await awx.CreateKubernetesCredentialAsync("cancel-" + Guid.NewGuid().ToString("N")[..8], "https://x", "t", null, Ct);
        var seconds = Random.Shared.Next(3000, 9000);
        var jobId = (await (await awx.LaunchAsync(templateId, new { extra_vars = new { seconds }, credentials = new[] { credentialId } }, Ct)).JsonAsync())["job"]!.GetValue<int>();
        await awx.WaitForStatusAsync(jobId, "running", Ct);
        await WaitUntilAsync(() => SleepProcessRuns(seconds), "the playbook's sleep never started");

        var canCancel = await (await awx.Request($"jobs/{jobId}/cancel/").GetAsync(cancellationToken: Ct)).JsonAsync();
        var cancel = await awx.Request($"jobs/{jobId}/cancel/").PostAsync(cancellationToken: Ct);
        var job = await awx.WaitForJobAsync(jobId, Ct);
        var again = await awx.Request($"jobs/{jobId}/cancel/").PostAsync(cancellationToken: Ct);
        var canCancelAfter = await (await awx.Request($"jobs/{jobId}/cancel/").GetAsync(cancellationToken: Ct)).JsonAsync();

        Assert.True(canCancel["can_cancel"]!.GetValue<bool>());
        Assert.Equal(202, cancel.StatusCode);
        Assert.Equal("canceled", job["status"]!.GetValue<string>());
        Assert.NotNull(job["canceled_on"]?.GetValue<string>());
        Assert.Equal(405, again.StatusCode);
        Assert.False(canCancelAfter["can_cancel"]!.GetValue<bool>());
        await WaitUntilAsync(() => !SleepProcessRuns(seconds), "ansible's child process survived the cancel");
    }

    [Fact]
    public async Task Jobs_UnknownId_Returns404()
    {
        var response = await fleet.Awx().Request("jobs/424242/").GetAsync(cancellationToken: Ct);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal("Not found.", (await response.JsonAsync())["detail"]!.GetValue<string>());
    }

    internal static bool SleepProcessRuns(int seconds) =>
        Directory.EnumerateDirectories("/proc").Any(dir =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim() == $"sleep {seconds}";
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    internal static async Task WaitUntilAsync(Func<bool> condition, string message)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            await Task.Delay(100, Ct);
        }
    }
}
