using ModelContextProtocol;

namespace Kubernaut.SpokeAddon.Kubernetes;

public sealed record OwnerLink(string Kind, string Name, string? ApiVersion, string? Uid, bool Found);

public sealed record OwnerChain(IReadOnlyList<OwnerLink> Chain, OwnerLink Root, string? StoppedBecause);

/// <summary>Walks controller ownerReferences upward (Pod → ReplicaSet → Deployment, Job → CronJob...) to the object to act on.</summary>
public sealed class OwnerResolver(ObjectReader objects)
{
    public const int MaxHops = 10;

    public async Task<OwnerChain> ResolveAsync(string ns, string kind, string name, CancellationToken ct)
    {
        var info = KindInfo.Find(kind) ?? throw new McpException($"kind: '{kind}' is not a kind this tool knows");
        var current = await objects.TryReadAsync(info, ns, name, ct) ?? throw new McpException($"{info.Kind} {ns}/{name} not found");
        var chain = new List<OwnerLink> { new(current.Kind is { Length: > 0 } k ? k : info.Kind, name, current.ApiVersion, current.Metadata.Uid, true) };
        var seen = new HashSet<string?> { current.Metadata.Uid };
        string? stopped = null;
        for (var hop = 0; ; hop++)
        {
            var owners = current.Metadata.OwnerReferences ?? [];
            var owner = owners.FirstOrDefault(o => o.Controller == true) ?? owners.FirstOrDefault();
            if (owner is null)
            {
                break;
            }

            if (hop == MaxHops)
            {
                stopped = $"stopped after {MaxHops} hops";
                break;
            }

            if (!seen.Add(owner.Uid))
            {
                stopped = $"ownerReferences loop at {owner.Kind}/{owner.Name}";
                break;
            }

            var next = await objects.TryReadAsync(KindInfo.ForOwner(owner.ApiVersion, owner.Kind), ns, owner.Name, ct);
            chain.Add(new OwnerLink(owner.Kind, owner.Name, owner.ApiVersion, owner.Uid, next is not null));
            if (next is null)
            {
                stopped = $"{owner.Kind}/{owner.Name} is gone or not readable";
                break;
            }

            current = next;
        }

        return new OwnerChain(chain, chain[^1], stopped);
    }
}
