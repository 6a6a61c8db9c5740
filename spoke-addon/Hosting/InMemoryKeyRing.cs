using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Kubernaut.SpokeAddon.Hosting;

/// <summary>
/// Keeps the Data Protection key ring in memory: authentication pulls Data Protection in, and its hosted service
/// would write a key under ~/.aspnet at start. The addon keeps no protected state and persists nothing.
/// </summary>
internal sealed class InMemoryKeyRing : IXmlRepository
{
    private readonly ConcurrentQueue<XElement> _elements = new();

    public IReadOnlyCollection<XElement> GetAllElements() => _elements.Select(e => new XElement(e)).ToList();

    public void StoreElement(XElement element, string friendlyName) => _elements.Enqueue(new XElement(element));
}
