using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Kubernaut.Keycloak;

/// <summary>
/// Keeps the Data Protection key ring in memory. Authentication pulls Data Protection in, and its hosted service would
/// otherwise write a key under ~/.aspnet at start; our services keep no cookies or protected state and must persist
/// no key material, so kept in memory the keys need no XML encryption either.
/// </summary>
public static class EphemeralDataProtection
{
    public static IServiceCollection AddEphemeralDataProtectionKeys(this IServiceCollection services) =>
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new InMemoryKeyRing();
            o.XmlEncryptor = new NullXmlEncryptor();
        });

    private sealed class InMemoryKeyRing : IXmlRepository
    {
        private readonly ConcurrentQueue<XElement> _elements = new();

        public IReadOnlyCollection<XElement> GetAllElements() => _elements.Select(e => new XElement(e)).ToList();

        public void StoreElement(XElement element, string friendlyName) => _elements.Enqueue(new XElement(element));
    }
}
