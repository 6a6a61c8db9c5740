using Flurl.Http;

namespace Kubernaut.KindFleet.Tests.Awx;

/// <summary>Job timeout and the concurrency limit, each on a stand-in configured for it.</summary>
public sealed class AwxJobLimitsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Timeout_PlaybookRunsTooLong_KillsItAndFailsWithExplanation()
    {
        await using var fleet = new AwxFleetFixture { Configure = o => o.JobTimeout = TimeSpan.FromSeconds(4) };
        await fleet.InitializeAsync();
        var awx = fleet.Awx();
        var credential = await awx.CreateKubernetesCredentialAsync("timeout", "https://x", "t", null, Ct);
        var seconds = Random.Shared.Next(3000, 9000);

        var launch = await (await awx.LaunchAsync(await awx.TemplateIdAsync("test-sleep", Ct), new { extra_vars = new { seconds }, credentials = new[] { credential } }, Ct)).JsonAsync();
        var job = await awx.WaitForJobAsync(launch["job"]!.GetValue<int>(), Ct);

        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.True(job["failed"]!.GetValue<bool>());
        Assert.Equal("Job terminated due to timeout", job["job_explanation"]!.GetValue<string>());
        await AwxApiTests.WaitUntilAsync(() => !AwxApiTests.SleepProcessRuns(seconds), "the timed-out playbook's child survived");
    }

    [Fact]
    public async Task Concurrency_AllSlotsBusy_NextJobWaitsPendingUntilOneFrees()
    {
        await using var fleet = new AwxFleetFixture { Configure = o => o.MaxConcurrentJobs = 1 };
        await fleet.InitializeAsync();
        var awx = fleet.Awx();
        var credential = await awx.CreateKubernetesCredentialAsync("slots", "https://x", "t", null, Ct);
        var sleeper = (await (await awx.LaunchAsync(await awx.TemplateIdAsync("test-sleep", Ct), new { extra_vars = new { seconds = 600 }, credentials = new[] { credential } }, Ct)).JsonAsync())["job"]!.GetValue<int>();
        await awx.WaitForStatusAsync(sleeper, "running", Ct);

        var queued = (await (await awx.LaunchAsync(await awx.TemplateIdAsync("test-echo", Ct), new { extra_vars = new { who = "next" }, credentials = new[] { credential } }, Ct)).JsonAsync())["job"]!.GetValue<int>();
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var whileBusy = (await awx.JobAsync(queued, Ct))["status"]!.GetValue<string>();
        await awx.Request($"jobs/{sleeper}/cancel/").PostAsync(cancellationToken: Ct);
        var done = await awx.WaitForJobAsync(queued, Ct);

        Assert.Equal("pending", whileBusy);
        Assert.Equal("successful", done["status"]!.GetValue<string>());
    }
}
