using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Selectors;
using Kubernaut.KindFleet.Storage;

namespace Kubernaut.KindFleet.Tests.Selectors;

public sealed class FieldSelectorTests
{
    private static readonly JsonObject Pod = JsonNode.Parse("""
        {"metadata":{"name":"web-1","namespace":"shop"},"spec":{"nodeName":"n1"},"status":{"phase":"Running"}}
        """)!.AsObject();

    private static readonly JsonObject Event = JsonNode.Parse("""
        {"metadata":{"name":"web-1.17a","namespace":"shop"},"involvedObject":{"kind":"Pod","name":"web-1"},"type":"Warning","count":3}
        """)!.AsObject();

    [Theory]
    [InlineData("metadata.name=web-1", true)]
    [InlineData("metadata.name==web-1", true)]
    [InlineData("metadata.name!=web-1", false)]
    [InlineData("spec.nodeName=n1,status.phase=Running", true)]
    [InlineData("spec.nodeName=n1,status.phase!=Running", false)]
    [InlineData("spec.nodeName=", false)]
    [InlineData("metadata.namespace=shop", true)]
    public void Matches_Pod_FiltersOnDottedPaths(string selector, bool expected)
    {
        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(Pod));
    }

    [Theory]
    [InlineData("involvedObject.name=web-1", true)]
    [InlineData("involvedObject.kind=Pod,type=Warning", true)]
    [InlineData("involvedObject.name=web-2", false)]
    [InlineData("count=3", true)]
    public void Matches_Event_FiltersOnInvolvedObject(string selector, bool expected)
    {
        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(Event));
    }

    [Fact]
    public void Matches_AbsentField_EqualsEmptyString()
    {
        Assert.True(FieldSelector.Parse("spec.nodeName=").Matches(JsonNode.Parse("""{"spec":{}}""")!.AsObject()));
    }

    [Fact]
    public void PinnedName_MetadataNameEquality_IsReported()
    {
        Assert.Equal("web-1", FieldSelector.Parse("metadata.name=web-1").PinnedName);
        Assert.Null(FieldSelector.Parse("metadata.name!=web-1").PinnedName);
    }

    [Theory]
    [InlineData("nodename")]
    [InlineData("=x")]
    public void Parse_Malformed_IsBadRequest(string selector)
    {
        Assert.Throws<KubeApiException>(() => FieldSelector.Parse(selector));
    }
}
