using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Patching;

namespace Kubernaut.KindFleet.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private static JsonObject Pod() => JsonNode.Parse("""
        {"metadata":{"name":"web","labels":{"app":"web","tier":"front"},"finalizers":["a"]},
         "spec":{"containers":[
            {"name":"app","image":"app:1","args":["--a"],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],
             "ports":[{"containerPort":80,"name":"http"}]},
            {"name":"sidecar","image":"proxy:1"}]}}
        """)!.AsObject();

    private static JsonObject Patch(JsonObject target, string patch) =>
        StrategicMergePatch.Apply(target, JsonNode.Parse(patch))!.AsObject();

    [Fact]
    public void Apply_ContainerByName_MergesOnlyThatContainer()
    {
        var result = Patch(Pod(), """{"spec":{"containers":[{"name":"sidecar","image":"proxy:2"}]}}""");

        var containers = result["spec"]!["containers"]!.AsArray();
        Assert.Equal(2, containers.Count);
        Assert.Equal("app:1", containers[0]!["image"]!.GetValue<string>());
        Assert.Equal("proxy:2", containers[1]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_NewContainerName_AppendsContainer()
    {
        var result = Patch(Pod(), """{"spec":{"containers":[{"name":"debug","image":"busybox"}]}}""");

        Assert.Equal(["app", "sidecar", "debug"], result["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Apply_PatchDeleteDirective_RemovesContainer()
    {
        var result = Patch(Pod(), """{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}""");

        var containers = result["spec"]!["containers"]!.AsArray();
        Assert.Single(containers);
        Assert.Equal("app", containers[0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_EnvInsideContainer_MergesByName()
    {
        var result = Patch(Pod(), """{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}""");

        var env = result["spec"]!["containers"]![0]!["env"]!.AsArray()
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "3", ["C"] = "4" }, env);
    }

    [Fact]
    public void Apply_EnvDeleteDirective_RemovesVariable()
    {
        var result = Patch(Pod(), """{"spec":{"containers":[{"name":"app","env":[{"name":"A","$patch":"delete"}]}]}}""");

        Assert.Equal(["B"], result["spec"]!["containers"]![0]!["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
    }

    [Fact]
    public void Apply_ListWithoutMergeKey_ReplacesList()
    {
        var result = Patch(Pod(), """{"spec":{"containers":[{"name":"app","args":["--b","--c"]}]}}""");

        Assert.Equal(["--b", "--c"], result["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public void Apply_ContainerPorts_MergeByContainerPort()
    {
        var result = Patch(Pod(), """{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":9090}]}]}}""");

        var ports = result["spec"]!["containers"]![0]!["ports"]!.AsArray();
        Assert.Equal(2, ports.Count);
        Assert.Equal("http", ports[0]!["name"]!.GetValue<string>());
        Assert.Equal("TCP", ports[0]!["protocol"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_NullValue_RemovesKey()
    {
        var result = Patch(Pod(), """{"metadata":{"labels":{"tier":null}}}""");

        Assert.Equal("""{"app":"web"}""", result["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void Apply_ReplaceDirectiveOnObject_ReplacesWholeObject()
    {
        var result = Patch(Pod(), """{"metadata":{"labels":{"$patch":"replace","only":"this"}}}""");

        Assert.Equal("""{"only":"this"}""", result["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void Apply_Finalizers_AreUnionedAndDeletableFromPrimitiveList()
    {
        var added = Patch(Pod(), """{"metadata":{"finalizers":["b","a"]}}""");
        var removed = Patch(added, """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""");

        Assert.Equal(["a", "b"], added["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(["b"], removed["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public void Apply_RetainKeys_DropsUnlistedKeys()
    {
        var target = JsonNode.Parse("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""")!.AsObject();

        var result = Patch(target, """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");

        Assert.Equal("""{"type":"Recreate"}""", result["spec"]!["strategy"]!.ToJsonString());
    }

    [Fact]
    public void Apply_DeleteDirectiveOnAbsentList_LeavesNoPhantomElement()
    {
        var target = JsonNode.Parse("""{"spec":{}}""")!.AsObject();

        var result = Patch(target, """{"spec":{"volumes":[{"name":"gone","$patch":"delete"},{"name":"kept"}]}}""");

        Assert.Equal("""[{"name":"kept"}]""", result["spec"]!["volumes"]!.ToJsonString());
    }

    [Fact]
    public void Apply_SetElementOrderDirective_NeverReachesTheObject()
    {
        var result = Patch(Pod(), """{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],"containers":[{"name":"app","image":"app:2"}]}}""");

        Assert.DoesNotContain("$setElementOrder", result.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("app:2", result["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public void Apply_Target_IsNotMutated()
    {
        var target = Pod();
        var before = target.ToJsonString();

        Patch(target, """{"spec":{"containers":[{"name":"app","image":"app:9"}]}}""");

        Assert.Equal(before, target.ToJsonString());
    }
}
