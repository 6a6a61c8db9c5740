using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Resources;

namespace Kubernaut.KindFleet.Storage;

/// <summary>
/// One simulated cluster's etcd: every object of every resource, a single monotonically increasing
/// resourceVersion, and a bounded change log from which watches resume.
/// Objects are stored as private snapshots: callers always receive clones, so nothing outside can mutate state.
/// </summary>
internal sealed class ObjectStore(TimeProvider time, int watchHistory = 2048)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<GroupResource, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly WatchEvent?[] _history = new WatchEvent?[watchHistory];
    private readonly List<Subscription> _subscribers = [];
    private long _revision = 1;

    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>Raised after every change, outside the lock, for in-process controllers.</summary>
    public event Action<WatchEvent>? Changed;

    public JsonObject? Get(GroupResource gr, string ns, string name)
    {
        lock (_gate)
        {
            return Bucket(gr).TryGetValue(Key(ns, name), out var obj) ? obj.CloneObject() : null;
        }
    }

    /// <summary>Lists objects (all namespaces when <paramref name="ns"/> is null) with the revision the list reflects.</summary>
    public (List<JsonObject> Items, long Revision) List(GroupResource gr, string? ns, Func<JsonObject, bool>? filter = null)
    {
        lock (_gate)
        {
            var items = new List<JsonObject>();
            foreach (var obj in Bucket(gr).Values)
            {
                if ((ns is null || obj.Metadata().Str("namespace") == ns) && (filter is null || filter(obj)))
                {
                    items.Add(obj.CloneObject());
                }
            }

            return (items, _revision);
        }
    }

    public int Count(GroupResource gr)
    {
        lock (_gate)
        {
            return Bucket(gr).Count;
        }
    }

    public JsonObject Create(ResourceType type, JsonObject obj)
    {
        WatchEvent change;
        lock (_gate)
        {
            var meta = obj.Metadata();
            var ns = type.Namespaced ? meta.Str("namespace") ?? "" : "";
            var name = meta.Str("name") ?? throw KubeApiException.Invalid(type.Kind, "", "metadata.name: Required value");
            var bucket = Bucket(type.GroupResource);
            if (bucket.ContainsKey(Key(ns, name)))
            {
                throw KubeApiException.AlreadyExists(type.GroupResource.ToString(), name);
            }

            var stored = obj.CloneObject();
            var storedMeta = stored.Metadata();
            if (!type.Namespaced)
            {
                storedMeta.Remove("namespace");
            }

            storedMeta["uid"] = Guid.NewGuid().ToString();
            storedMeta["creationTimestamp"] = Timestamp(time.GetUtcNow());
            storedMeta["generation"] = 1;
            storedMeta.Remove("deletionTimestamp");
            change = Commit(type.GroupResource, ns, name, stored, WatchEventType.Added);
        }

        return Publish(change);
    }

    /// <summary>
    /// Replaces an object. When <paramref name="expectedRevision"/> is set it must match the stored one (409 otherwise),
    /// which is how optimistic concurrency reaches clients that send <c>metadata.resourceVersion</c>.
    /// </summary>
    public JsonObject Replace(ResourceType type, JsonObject obj, string? expectedRevision, ReplaceScope scope = ReplaceScope.Object)
    {
        var meta = obj.Metadata();
        var ns = type.Namespaced ? meta.Str("namespace") ?? "" : "";
        var name = meta.Str("name") ?? throw KubeApiException.Invalid(type.Kind, "", "metadata.name: Required value");
        return Mutate(type, ns, name, current =>
        {
            if (expectedRevision is { Length: > 0 } && current.Metadata().Str("resourceVersion") != expectedRevision)
            {
                throw KubeApiException.Conflict(type.GroupResource.ToString(), name);
            }

            return Merge(type, current, obj, scope);
        }) ?? throw KubeApiException.NotFound(type.GroupResource.ToString(), name);
    }

    /// <summary>
    /// Atomically computes a new version from the current one. The function returns the replacement,
    /// or the same instance (or null) to leave the object untouched. Returns null when the object does not exist.
    /// </summary>
    public JsonObject? Mutate(ResourceType type, string ns, string name, Func<JsonObject, JsonObject?> change)
    {
        WatchEvent? evt = null;
        JsonObject? result;
        lock (_gate)
        {
            var bucket = Bucket(type.GroupResource);
            if (!bucket.TryGetValue(Key(ns, name), out var stored))
            {
                return null;
            }

            var working = stored.CloneObject();
            var next = change(working);
            if (next is null || JsonNode.DeepEquals(next, stored))
            {
                return stored.CloneObject();
            }

            next = PreserveIdentity(type, stored, next);
            if (FinalizersJustCleared(stored, next))
            {
                bucket.Remove(Key(ns, name));
                evt = Record(type.GroupResource, ns, name, next, WatchEventType.Deleted);
            }
            else
            {
                evt = Commit(type.GroupResource, ns, name, next, WatchEventType.Modified);
            }

            result = next.CloneObject();
        }

        Publish(evt);
        return result;
    }

    /// <summary>
    /// Deletes an object; an object with finalizers is only marked with a deletionTimestamp until they are removed.
    /// Returns the object as it was deleted (or marked), null when it did not exist.
    /// </summary>
    public JsonObject? Delete(ResourceType type, string ns, string name)
    {
        WatchEvent evt;
        lock (_gate)
        {
            var bucket = Bucket(type.GroupResource);
            if (!bucket.TryGetValue(Key(ns, name), out var stored))
            {
                return null;
            }

            if (stored.Metadata()["finalizers"] is JsonArray { Count: > 0 })
            {
                if (stored.Metadata().Str("deletionTimestamp") is not null)
                {
                    return stored.CloneObject();
                }

                var marked = stored.CloneObject();
                marked.Metadata()["deletionTimestamp"] = Timestamp(time.GetUtcNow());
                evt = Commit(type.GroupResource, ns, name, marked, WatchEventType.Modified);
            }
            else
            {
                bucket.Remove(Key(ns, name));
                var gone = stored.CloneObject();
                gone.Metadata()["resourceVersion"] = (_revision + 1).ToString(CultureInfo.InvariantCulture);
                evt = Record(type.GroupResource, ns, name, gone, WatchEventType.Deleted);
            }
        }

        return Publish(evt);
    }

    /// <summary>
    /// Marks an object as terminating for a grace period (what deleting a running pod does); whoever owns the
    /// object's shutdown (the kubelet) deletes it for good with <see cref="Delete"/> afterwards.
    /// </summary>
    public JsonObject? BeginGracefulDelete(ResourceType type, string ns, string name, long graceSeconds)
    {
        WatchEvent evt;
        lock (_gate)
        {
            if (!Bucket(type.GroupResource).TryGetValue(Key(ns, name), out var stored))
            {
                return null;
            }

            if (stored.Metadata().Str("deletionTimestamp") is not null)
            {
                return stored.CloneObject();
            }

            var marked = stored.CloneObject();
            marked.Metadata()["deletionTimestamp"] = Timestamp(time.GetUtcNow().AddSeconds(graceSeconds));
            marked.Metadata()["deletionGracePeriodSeconds"] = graceSeconds;
            evt = Commit(type.GroupResource, ns, name, marked, WatchEventType.Modified);
        }

        return Publish(evt);
    }

    /// <summary>
    /// Opens a watch. With <paramref name="fromRevision"/> null the watch starts with a synthetic ADDED per existing object
    /// (what a real apiserver does for "resourceVersion" unset or "0"); otherwise it replays what changed after that revision,
    /// or throws 410 Gone when the history no longer reaches back that far.
    /// </summary>
    public Subscription Watch(GroupResource? gr, string? ns, long? fromRevision)
    {
        lock (_gate)
        {
            var sub = new Subscription(this, gr, ns);
            if (fromRevision is null)
            {
                foreach (var (resource, bucket) in gr is { } g ? [(g, Bucket(g))] : _objects.Select(kv => (kv.Key, kv.Value)).ToList())
                {
                    foreach (var obj in bucket.Values)
                    {
                        var m = obj.Metadata();
                        sub.Offer(new WatchEvent(_revision, WatchEventType.Added, resource, m.Str("namespace") ?? "", m.Str("name") ?? "", obj));
                    }
                }
            }
            else if (fromRevision < _revision)
            {
                // The history is contiguous: every change takes exactly the next revision.
                if (fromRevision < _revision - _history.Length)
                {
                    throw KubeApiException.Gone($"too old resource version: {fromRevision} ({_revision - _history.Length + 1})");
                }

                for (var rv = fromRevision.Value + 1; rv <= _revision; rv++)
                {
                    if (_history[rv % _history.Length] is { } e && e.Revision == rv)
                    {
                        sub.Offer(e);
                    }
                }
            }

            _subscribers.Add(sub);
            return sub;
        }
    }

    private void Unsubscribe(Subscription sub)
    {
        lock (_gate)
        {
            _subscribers.Remove(sub);
        }
    }

    private WatchEvent Commit(GroupResource gr, string ns, string name, JsonObject obj, WatchEventType type)
    {
        obj.Metadata()["resourceVersion"] = (_revision + 1).ToString(CultureInfo.InvariantCulture);
        Bucket(gr)[Key(ns, name)] = obj;
        return Record(gr, ns, name, obj.CloneObject(), type);
    }

    private WatchEvent Record(GroupResource gr, string ns, string name, JsonObject snapshot, WatchEventType type)
    {
        _revision++;
        var evt = new WatchEvent(_revision, type, gr, ns, name, snapshot);
        _history[_revision % _history.Length] = evt;
        foreach (var sub in _subscribers)
        {
            sub.Offer(evt);
        }

        return evt;
    }

    private JsonObject Publish(WatchEvent evt)
    {
        Changed?.Invoke(evt);
        return evt.Object.CloneObject();
    }

    private static JsonObject Merge(ResourceType type, JsonObject current, JsonObject incoming, ReplaceScope scope)
    {
        if (scope == ReplaceScope.Status)
        {
            var next = current.CloneObject();
            next["status"] = incoming["status"]?.DeepClone();
            return next;
        }

        var replaced = incoming.CloneObject();
        if (type.HasStatus)
        {
            // With a status subresource, the main resource ignores status changes, as the real apiserver does.
            replaced["status"] = current["status"]?.DeepClone();
        }

        return replaced;
    }

    private static JsonObject PreserveIdentity(ResourceType type, JsonObject stored, JsonObject next)
    {
        var oldMeta = stored.Metadata();
        var meta = next.Metadata();
        foreach (var key in new[] { "uid", "creationTimestamp", "name", "namespace", "deletionTimestamp" })
        {
            meta[key] = oldMeta[key]?.DeepClone();
            if (meta[key] is null)
            {
                meta.Remove(key);
            }
        }

        var generation = oldMeta.Long("generation") ?? 1;
        meta["generation"] = SpecChanged(stored, next) && type.HasStatus ? generation + 1 : generation;
        next["apiVersion"] ??= stored["apiVersion"]?.DeepClone();
        next["kind"] ??= stored["kind"]?.DeepClone();
        return next;
    }

    private static bool SpecChanged(JsonObject before, JsonObject after)
    {
        foreach (var (key, value) in after)
        {
            if (key is not ("metadata" or "status") && !JsonNode.DeepEquals(value, before[key]))
            {
                return true;
            }
        }

        return before.Any(kv => kv.Key is not ("metadata" or "status") && !after.ContainsKey(kv.Key));
    }

    private static bool FinalizersJustCleared(JsonObject stored, JsonObject next) =>
        next.Metadata().Str("deletionTimestamp") is not null
        && stored.Metadata()["finalizers"] is JsonArray { Count: > 0 }
        && next.Metadata()["finalizers"] is not JsonArray { Count: > 0 };

    private SortedDictionary<string, JsonObject> Bucket(GroupResource gr)
    {
        if (!_objects.TryGetValue(gr, out var bucket))
        {
            bucket = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[gr] = bucket;
        }

        return bucket;
    }

    private static string Key(string ns, string name) => ns + "/" + name;

    public static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A live watch; events queue until read. Dispose to stop.</summary>
    internal sealed class Subscription(ObjectStore store, GroupResource? gr, string? ns) : IDisposable
    {
        private readonly Channel<WatchEvent> _channel = Channel.CreateUnbounded<WatchEvent>(new() { SingleReader = true });

        public ChannelReader<WatchEvent> Events => _channel.Reader;

        internal void Offer(WatchEvent e)
        {
            if ((gr is null || e.Resource == gr) && (ns is null || e.Namespace == ns))
            {
                _channel.Writer.TryWrite(e);
            }
        }

        public void Dispose()
        {
            store.Unsubscribe(this);
            _channel.Writer.TryComplete();
        }
    }
}

internal enum ReplaceScope
{
    Object,
    Status,
}
