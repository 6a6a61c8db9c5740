using System.Net;
using System.Text.Json.Nodes;
using Kubernaut.KindFleet.Resources;
using Kubernaut.KindFleet.Storage;
using Microsoft.Extensions.Time.Testing;

namespace Kubernaut.KindFleet.Tests.Storage;

public sealed class ObjectStoreTests
{
    private static readonly ResourceType ConfigMaps = BuiltinResources.All.Single(t => t.Plural == "configmaps");
    private static readonly ResourceType Deployments = BuiltinResources.All.Single(t => t.Plural == "deployments");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private static JsonObject ConfigMap(string name, string value = "v", params string[] finalizers) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = "default",
            ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]),
        },
        ["data"] = new JsonObject { ["k"] = value },
    };

    private static JsonObject Deployment(int replicas) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["replicas"] = replicas },
        ["status"] = new JsonObject { ["readyReplicas"] = 0 },
    };

    private static List<WatchEvent> Drain(ObjectStore.Subscription sub)
    {
        var events = new List<WatchEvent>();
        while (sub.Events.TryRead(out var e))
        {
            events.Add(e);
        }

        return events;
    }

    [Fact]
    public void Create_NewObject_AssignsIdentityAndNextRevision()
    {
        var store = new ObjectStore(_clock);
        var before = store.Revision;

        var created = store.Create(ConfigMaps, ConfigMap("a"));

        var meta = created["metadata"]!;
        Assert.True(Guid.TryParse(meta["uid"]!.GetValue<string>(), out _));
        Assert.Equal("2026-03-01T12:00:00Z", meta["creationTimestamp"]!.GetValue<string>());
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), meta["resourceVersion"]!.GetValue<string>());
        Assert.Equal(before + 1, store.Revision);
    }

    [Fact]
    public void Create_ExistingName_IsAlreadyExists()
    {
        var store = new ObjectStore(_clock);
        store.Create(ConfigMaps, ConfigMap("a"));

        var error = Assert.Throws<KubeApiException>(() => store.Create(ConfigMaps, ConfigMap("a")));

        Assert.Equal((HttpStatusCode.Conflict, "AlreadyExists"), (error.Code, error.Reason));
    }

    [Fact]
    public void Replace_StaleResourceVersion_IsConflict()
    {
        var store = new ObjectStore(_clock);
        var first = store.Create(ConfigMaps, ConfigMap("a"));
        var stale = first["metadata"]!["resourceVersion"]!.GetValue<string>();
        store.Replace(ConfigMaps, ConfigMap("a", "second"), stale);

        var error = Assert.Throws<KubeApiException>(() => store.Replace(ConfigMaps, ConfigMap("a", "third"), stale));

        Assert.Equal((HttpStatusCode.Conflict, "Conflict"), (error.Code, error.Reason));
        Assert.Equal("second", store.Get(ConfigMaps.GroupResource, "default", "a")!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public void Get_ReturnsClone_CallerCannotMutateStore()
    {
        var store = new ObjectStore(_clock);
        store.Create(ConfigMaps, ConfigMap("a"));

        store.Get(ConfigMaps.GroupResource, "default", "a")!["data"]!["k"] = "tampered";

        Assert.Equal("v", store.Get(ConfigMaps.GroupResource, "default", "a")!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public void Replace_SpecChange_BumpsGenerationButStatusIsKept()
    {
        var store = new ObjectStore(_clock);
        store.Create(Deployments, Deployment(1));
        var withStatus = Deployment(3);
        withStatus["status"] = new JsonObject { ["readyReplicas"] = 99 };

        var replaced = store.Replace(Deployments, withStatus, expectedRevision: null);
        var relabeled = store.Mutate(Deployments, "default", "web", d =>
        {
            d["metadata"]!["labels"] = new JsonObject { ["x"] = "y" };
            return d;
        })!;

        Assert.Equal(2, replaced["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(0, replaced["status"]!["readyReplicas"]!.GetValue<int>());
        Assert.Equal(2, relabeled["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public void Replace_StatusScope_ChangesOnlyStatus()
    {
        var store = new ObjectStore(_clock);
        store.Create(Deployments, Deployment(1));
        var update = Deployment(7);
        update["status"] = new JsonObject { ["readyReplicas"] = 1 };

        var result = store.Replace(Deployments, update, expectedRevision: null, ReplaceScope.Status);

        Assert.Equal(1, result["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, result["status"]!["readyReplicas"]!.GetValue<int>());
        Assert.Equal(1, result["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public void Watch_FromRevision_ReplaysExactlyTheLaterChangesInOrder()
    {
        var store = new ObjectStore(_clock);
        store.Create(ConfigMaps, ConfigMap("a"));
        var mark = store.Revision;
        store.Create(ConfigMaps, ConfigMap("b"));
        store.Replace(ConfigMaps, ConfigMap("a", "2"), null);
        store.Delete(ConfigMaps, "default", "b");

        using var sub = store.Watch(ConfigMaps.GroupResource, "default", mark);
        var events = Drain(sub);

        Assert.Equal(["ADDED b", "MODIFIED a", "DELETED b"], events.Select(e => $"{e.TypeName} {e.Name}"));
        Assert.Equal([mark + 1, mark + 2, mark + 3], events.Select(e => e.Revision));
    }

    [Fact]
    public void Watch_WithoutRevision_StartsWithSyntheticAddsThenLiveChanges()
    {
        var store = new ObjectStore(_clock);
        store.Create(ConfigMaps, ConfigMap("a"));

        using var sub = store.Watch(ConfigMaps.GroupResource, null, null);
        store.Create(ConfigMaps, ConfigMap("b"));

        Assert.Equal(["ADDED a", "ADDED b"], Drain(sub).Select(e => $"{e.TypeName} {e.Name}"));
    }

    [Fact]
    public void Watch_HistoryWrappedAround_RecentRevisionStillResumes()
    {
        var store = new ObjectStore(_clock, watchHistory: 4);
        for (var i = 0; i < 10; i++)
        {
            store.Create(ConfigMaps, ConfigMap($"cm-{i}"));
        }

        using var sub = store.Watch(ConfigMaps.GroupResource, null, store.Revision - 3);

        Assert.Equal(["cm-7", "cm-8", "cm-9"], Drain(sub).Select(e => e.Name));
    }

    [Fact]
    public void Watch_RevisionOlderThanHistory_IsGoneExpired()
    {
        var store = new ObjectStore(_clock, watchHistory: 4);
        var start = store.Revision;
        for (var i = 0; i < 10; i++)
        {
            store.Create(ConfigMaps, ConfigMap($"cm-{i}"));
        }

        var error = Assert.Throws<KubeApiException>(() => store.Watch(ConfigMaps.GroupResource, null, start));

        Assert.Equal((HttpStatusCode.Gone, "Expired"), (error.Code, error.Reason));
    }

    [Fact]
    public void Delete_WithFinalizers_MarksUntilFinalizersAreRemoved()
    {
        var store = new ObjectStore(_clock);
        store.Create(ConfigMaps, ConfigMap("a", "v", "example.com/cleanup"));
        using var sub = store.Watch(ConfigMaps.GroupResource, null, store.Revision);

        var marked = store.Delete(ConfigMaps, "default", "a")!;
        var stillThere = store.Get(ConfigMaps.GroupResource, "default", "a");
        store.Mutate(ConfigMaps, "default", "a", cm =>
        {
            cm["metadata"]!["finalizers"] = new JsonArray();
            return cm;
        });

        Assert.Equal("2026-03-01T12:00:00Z", marked["metadata"]!["deletionTimestamp"]!.GetValue<string>());
        Assert.NotNull(stillThere);
        Assert.Null(store.Get(ConfigMaps.GroupResource, "default", "a"));
        Assert.Equal(["MODIFIED", "DELETED"], Drain(sub).Select(e => e.TypeName));
    }

    [Fact]
    public void BeginGracefulDelete_SetsDeadlineOnceThenDeleteRemoves()
    {
        var store = new ObjectStore(_clock);
        store.Create(ConfigMaps, ConfigMap("a"));

        var first = store.BeginGracefulDelete(ConfigMaps, "default", "a", 30)!;
        _clock.Advance(TimeSpan.FromSeconds(10));
        var second = store.BeginGracefulDelete(ConfigMaps, "default", "a", 30)!;
        store.Delete(ConfigMaps, "default", "a");

        Assert.Equal("2026-03-01T12:00:30Z", first["metadata"]!["deletionTimestamp"]!.GetValue<string>());
        Assert.Equal(30, first["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal(first["metadata"]!["resourceVersion"]!.GetValue<string>(), second["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Null(store.Get(ConfigMaps.GroupResource, "default", "a"));
    }

    [Fact]
    public void Mutate_NoChange_DoesNotBumpRevision()
    {
        var store = new ObjectStore(_clock);
        store.Create(ConfigMaps, ConfigMap("a"));
        var before = store.Revision;

        store.Mutate(ConfigMaps, "default", "a", cm => cm);

        Assert.Equal(before, store.Revision);
    }
}
