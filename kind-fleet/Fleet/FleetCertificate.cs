using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kubernaut.KindFleet.Fleet;

/// <summary>
/// A throw-away CA and the serving certificate signed by it, made at start-up: clients trust the CA from the
/// kubeconfig (and a ManagedServiceAccount's <c>ca.crt</c>), exactly as they trust a real cluster's CA.
/// </summary>
internal sealed class FleetCertificate : IDisposable
{
    private FleetCertificate(X509Certificate2 ca, X509Certificate2 serving)
    {
        Authority = ca;
        Serving = serving;
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Serving { get; }

    public string AuthorityPem => Authority.ExportCertificatePem() + "\n";

    public static FleetCertificate Create(TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=kind-fleet-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(5));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kind-fleet", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        san.AddDnsName("kubernetes.default.svc");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = request.Create(ca, now.AddDays(-1), now.AddYears(5), RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);

        // Round-trip through PKCS#12 so SslStream can use the private key on every platform.
        var serving = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new FleetCertificate(X509CertificateLoader.LoadCertificate(ca.RawData), serving);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Serving.Dispose();
    }
}
