using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Kubernaut.KindFleet.Identity;

/// <summary>
/// Keeps the Data Protection key ring in memory. Authentication pulls in Data Protection, whose hosted service
/// would otherwise write a key under ~/.aspnet at start; the issuer keeps no cookies or protected state, and
/// nothing of the demo may persist key material. Kept in memory, the keys need no XML encryption either.
/// </summary>
internal sealed class InMemoryKeyRing : IXmlRepository
{
    private readonly ConcurrentQueue<XElement> _elements = new();

    public IReadOnlyCollection<XElement> GetAllElements() => _elements.Select(e => new XElement(e)).ToList();

    public void StoreElement(XElement element, string friendlyName) => _elements.Enqueue(new XElement(element));
}
