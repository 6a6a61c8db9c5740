using System.Text.Json.Nodes;

namespace Kubernaut.KindFleet.Patching;

/// <summary>
/// Strategic merge patch for the built-in kinds: like a merge patch, except that lists with a merge key
/// (containers by name, env by name, conditions by type…) merge element by element, and the
/// <c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder</c> and <c>$deleteFromPrimitiveList</c> directives apply.
/// The merge keys are those of the Kubernetes API types' <c>patchMergeKey</c> tags.
/// </summary>
internal static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitivePrefix = "$deleteFromPrimitiveList/";

    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["imagePullSecrets"] = "name",
        ["conditions"] = "type",
        ["ownerReferences"] = "uid",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
        ["taints"] = "key",
    };

    /// <summary>Primitive lists whose patch strategy is "merge" (set union) rather than replace.</summary>
    private static readonly HashSet<string> MergedPrimitiveLists = ["finalizers"];

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => MergeValue(target?.DeepClone(), patch, fieldName: null);

    private static JsonNode? MergeValue(JsonNode? target, JsonNode? patch, string? fieldName) => patch switch
    {
        JsonObject p => MergeObject(target as JsonObject, p),
        JsonArray p when fieldName is not null => MergeList(target as JsonArray, p, fieldName),
        _ => patch?.DeepClone(),
    };

    private static JsonNode? MergeObject(JsonObject? target, JsonObject patch)
    {
        switch (patch[PatchDirective]?.GetValue<string>())
        {
            case "delete":
                return null;
            case "replace":
                var replacement = (JsonObject)patch.DeepClone();
                replacement.Remove(PatchDirective);
                return replacement;
        }

        var result = target ?? new JsonObject();
        foreach (var (key, value) in patch)
        {
            if (key == PatchDirective || key == RetainKeys || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith(DeleteFromPrimitivePrefix, StringComparison.Ordinal))
            {
                var field = key[DeleteFromPrimitivePrefix.Length..];
                if (result[field] is JsonArray list && value is JsonArray doomed)
                {
                    foreach (var item in list.Where(i => doomed.Any(d => JsonNode.DeepEquals(d, i))).ToList())
                    {
                        list.Remove(item);
                    }
                }

                continue;
            }

            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            var merged = MergeValue(result[key]?.DeepClone(), value, key);
            if (merged is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = merged;
            }
        }

        if (patch[RetainKeys] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet();
            foreach (var key in result.Select(kv => kv.Key).Where(k => !keep.Contains(k)).ToList())
            {
                result.Remove(key);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string fieldName)
    {
        if (MergedPrimitiveLists.Contains(fieldName))
        {
            var union = (JsonArray?)target?.DeepClone() ?? [];
            foreach (var item in patch.Where(item => !union.Any(u => JsonNode.DeepEquals(u, item))))
            {
                union.Add(item?.DeepClone());
            }

            return union;
        }

        var mergeKey = ResolveMergeKey(fieldName, patch);
        if (mergeKey is null || target is null)
        {
            return StripDirectives(patch);
        }

        if (patch.OfType<JsonObject>().Any(e => e[PatchDirective]?.GetValue<string>() == "replace"))
        {
            return StripDirectives(new JsonArray([.. patch.OfType<JsonObject>().Where(e => e[PatchDirective] is null).Select(e => e.DeepClone())]));
        }

        var result = (JsonArray)target.DeepClone();
        foreach (var element in patch.OfType<JsonObject>())
        {
            var key = element[mergeKey];
            var existing = result.OfType<JsonObject>().FirstOrDefault(e => JsonNode.DeepEquals(e[mergeKey], key));
            if (element[PatchDirective]?.GetValue<string>() == "delete")
            {
                if (existing is not null)
                {
                    result.Remove(existing);
                }

                continue;
            }

            if (existing is null)
            {
                result.Add(MergeObject(null, element));
            }
            else
            {
                var index = result.IndexOf(existing);
                result[index] = MergeObject((JsonObject)existing.DeepClone(), element);
            }
        }

        return result;
    }

    /// <summary>"ports" differs by context: container ports merge on containerPort, service ports on port.</summary>
    private static string? ResolveMergeKey(string fieldName, JsonArray patch) =>
        fieldName == "ports"
            ? patch.OfType<JsonObject>().Any(e => e.ContainsKey("containerPort")) ? "containerPort" : "port"
            : MergeKeys.GetValueOrDefault(fieldName);

    /// <summary>A patch list set on an absent field: deletions have nothing to delete, other directives are dropped.</summary>
    private static JsonArray StripDirectives(JsonArray list)
    {
        var copy = new JsonArray([.. list.Where(e => e is not JsonObject o || o[PatchDirective]?.GetValue<string>() != "delete").Select(e => e?.DeepClone())]);
        foreach (var element in copy.OfType<JsonObject>())
        {
            element.Remove(PatchDirective);
        }

        return copy;
    }
}
