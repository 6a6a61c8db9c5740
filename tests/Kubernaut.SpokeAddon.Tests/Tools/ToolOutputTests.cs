using System.Text.Json.Nodes;
using Kubernaut.SpokeAddon.Hosting;
using Kubernaut.SpokeAddon.Kubernetes;
using Kubernaut.SpokeAddon.Tools;
using Microsoft.Extensions.Time.Testing;
using ModelContextProtocol;

namespace Kubernaut.SpokeAddon.Tests.Tools;

public sealed class ToolOutputTests
{
    [Fact]
    public void List_FitsBudget_IsUntouched()
    {
        var output = new ToolOutput(new SpokeAddonOptions { MaxOutputChars = 2000 });

        var json = JsonNode.Parse(output.List("items", new[] { "a", "b" }, 2))!;

        Assert.False(json["truncated"]!.GetValue<bool>());
        Assert.Equal(2, json["count"]!.GetValue<int>());
    }

    [Fact]
    public void List_OverBudget_DropsTrailingItemsAndSaysSo()
    {
        var output = new ToolOutput(new SpokeAddonOptions { MaxOutputChars = 1000 });
        var items = Enumerable.Range(0, 100).Select(i => new { index = i, text = new string('x', 50) }).ToList();

        var text = output.List("items", items, 120);
        var json = JsonNode.Parse(text)!;

        Assert.True(text.Length <= 1000, $"{text.Length}");
        Assert.True(json["truncated"]!.GetValue<bool>());
        Assert.Equal(120, json["total"]!.GetValue<int>());
        Assert.Equal(0, json["items"]![0]!["index"]!.GetValue<int>());
        Assert.Equal(json["items"]!.AsArray().Count, json["count"]!.GetValue<int>());
    }

    [Fact]
    public void Single_HugeString_IsClipped()
    {
        var output = new ToolOutput(new SpokeAddonOptions { MaxOutputChars = 500 });

        var text = output.Single(new { data = new string('y', 5000) });

        Assert.True(text.Length <= 500, $"{text.Length}");
        Assert.Contains("[clipped]", text);
        Assert.True(JsonNode.Parse(text)!["truncated"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("2d", 2 * 86400)]
    [InlineData("45s", 45)]
    public void Since_Duration_CountsBackFromTheClock(string since, int seconds)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

        Assert.Equal(clock.GetUtcNow().AddSeconds(-seconds), TimeWindow.Since(since, clock));
    }

    [Fact]
    public void Since_Rfc3339AndGarbage_ParseOrExplain()
    {
        var clock = new FakeTimeProvider();

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 7, 55, 0, TimeSpan.Zero), TimeWindow.Since("2026-03-01T07:55:00Z", clock));
        Assert.Contains("neither a duration", Assert.Throws<McpException>(() => TimeWindow.Since("yesterday-ish", clock)).Message);
    }

    [Fact]
    public void Validate_PlainHttpIssuerOffLoopback_IsRefused()
    {
        var options = new SpokeAddonOptions { Issuer = new Uri("http://keycloak.example/realms/kubernaut") };

        Assert.Contains(options.Validate(), e => e.Contains("must use https", StringComparison.Ordinal));
        Assert.Empty(new SpokeAddonOptions { Issuer = new Uri("http://127.0.0.1:8080/realms/kubernaut") }.Validate());
    }
}
