using Kubernaut.Hub.Sessions;

namespace Kubernaut.Hub.Tests.Sessions;

/// <summary>How follow-up turns are read: choices with their reason, hand-overs, and questions that are not choices.</summary>
public sealed class IntentTests
{
    [Theory]
    [InlineData("Go with rollback-config — the cache change wasn't approved.", "Select", "rollback-config", "the cache change wasn't approved.")]
    [InlineData("use restart-and-patch-memory", "Select", "restart-and-patch-memory", null)]
    [InlineData("OK, let's go with scale-statefulset because the db lost replicas", "Select", "scale-statefulset", "the db lost replicas")]
    [InlineData("approve", "Select", null, null)]
    [InlineData("Why not just raise the memory?", "WhyNot", "just raise the memory", null)]
    [InlineData("What changed?", "WhatChanged", null, null)]
    [InlineData("Makes sense. What can we do about it?", "Options", null, null)]
    [InlineData("What are my options?", "Options", null, null)]
    [InlineData("hand over to alice", "HandOver", "alice", null)]
    [InlineData("reject — not during the sale", "Reject", null, "not during the sale")]
    [InlineData("what's going on?", "Status", null, null)]
    public void Parse_Turn_IntentSubjectAndReason(string text, string kind, string? subject, string? reason)
    {
        var intent = Intent.Parse(text);

        Assert.Equal(kind, intent.Kind.ToString());
        Assert.Equal(subject, intent.Subject);
        Assert.Equal(reason, intent.Reason);
    }
}
