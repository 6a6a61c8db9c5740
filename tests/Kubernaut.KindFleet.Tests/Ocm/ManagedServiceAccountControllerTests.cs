using System.Text;
using Kubernaut.KindFleet.Json;
using Kubernaut.KindFleet.Ocm;

namespace Kubernaut.KindFleet.Tests.Ocm;

public sealed class ManagedServiceAccountControllerTests : IDisposable
{
    private readonly OcmHarness _ocm = new();

    private const string Remediator = """
        apiVersion: authentication.open-cluster-management.io/v1beta1
        kind: ManagedServiceAccount
        metadata: {name: remediator, namespace: prod-us-east}
        spec:
          rotation: {enabled: true, validity: 1h0m0s}
        """;

    [Fact]
    public void Reconcile_NewManagedServiceAccount_CreatesSpokeAccountAndHubSecret()
    {
        _ocm.Create(_ocm.Hub, Remediator);

        _ocm.Settle();

        var spoke = _ocm.Spoke("prod-us-east");
        var sa = _ocm.Get(spoke, "", "serviceaccounts", OcmNames.AgentAddonNamespace, "remediator");
        Assert.NotNull(sa);
        Assert.Equal("true", sa.Metadata()["labels"].StringMap()[OcmNames.ManagedServiceAccountLabel]);
        var secret = _ocm.Get(_ocm.Hub, "", "secrets", "prod-us-east", "remediator")!;
        Assert.Equal("Opaque", secret.Str("type"));
        Assert.Equal(_ocm.Certificate.AuthorityPem, Decode(secret["data"].Str("ca.crt")));
        var user = spoke.Tokens.Authenticate(Decode(secret["data"].Str("token")), spoke.ServiceAccountUid);
        Assert.Equal($"system:serviceaccount:{OcmNames.AgentAddonNamespace}:remediator", user?.Name);
        var msa = _ocm.Get(_ocm.Hub, OcmNames.AuthenticationGroup, "managedserviceaccounts", "prod-us-east", "remediator")!;
        Assert.Equal("True", OcmConditions.StatusOf(msa, "SecretCreated"));
        Assert.Equal("True", OcmConditions.StatusOf(msa, "TokenReported"));
        Assert.Equal("2026-03-01T09:00:00Z", msa["status"].Str("expirationTimestamp"));
        Assert.Equal("remediator", msa["status"]?["tokenSecretRef"].Str("name"));
        Assert.Equal(msa.Metadata().Str("uid"), OcmStore.OwnerUid(secret, "ManagedServiceAccount"));
    }

    [Fact]
    public void Reconcile_AfterEightyPercentOfValidity_RotatesToken()
    {
        _ocm.Create(_ocm.Hub, Remediator);
        _ocm.Settle();
        var first = Token();

        _ocm.Time.Advance(TimeSpan.FromMinutes(47));
        _ocm.Settle();
        var unrotated = Token();
        _ocm.Time.Advance(TimeSpan.FromMinutes(2));
        _ocm.Settle();
        var rotated = Token();

        Assert.Equal(first, unrotated);
        Assert.NotEqual(first, rotated);
        var msa = _ocm.Get(_ocm.Hub, OcmNames.AuthenticationGroup, "managedserviceaccounts", "prod-us-east", "remediator")!;
        Assert.Equal("2026-03-01T09:49:00Z", msa["status"].Str("expirationTimestamp"));
        Assert.Equal("2026-03-01T08:49:00Z", msa["status"]?["tokenSecretRef"].Str("lastRefreshTimestamp"));
    }

    [Fact]
    public void Reconcile_ManagedServiceAccountDeleted_RemovesSpokeAccountSecretAndTokenValidity()
    {
        _ocm.Create(_ocm.Hub, Remediator);
        _ocm.Settle();
        var token = Token();
        var spoke = _ocm.Spoke("prod-us-east");

        _ocm.Delete(_ocm.Hub, OcmNames.AuthenticationGroup, "managedserviceaccounts", "prod-us-east", "remediator");
        _ocm.Settle();

        Assert.Null(_ocm.Get(spoke, "", "serviceaccounts", OcmNames.AgentAddonNamespace, "remediator"));
        Assert.Null(_ocm.Get(_ocm.Hub, "", "secrets", "prod-us-east", "remediator"));
        Assert.Null(spoke.Tokens.Authenticate(token, spoke.ServiceAccountUid));
    }

    [Fact]
    public void Reconcile_TtlSecondsAfterCreationElapsed_DeletesManagedServiceAccount()
    {
        _ocm.Create(_ocm.Hub, """
            apiVersion: authentication.open-cluster-management.io/v1beta1
            kind: ManagedServiceAccount
            metadata: {name: ephemeral, namespace: staging}
            spec: {rotation: {validity: 1h0m0s}, ttlSecondsAfterCreation: 600}
            """);
        _ocm.Settle();
        Assert.NotNull(_ocm.Get(_ocm.Hub, "", "secrets", "staging", "ephemeral"));

        _ocm.Time.Advance(TimeSpan.FromSeconds(601));
        _ocm.Settle();

        Assert.Null(_ocm.Get(_ocm.Hub, OcmNames.AuthenticationGroup, "managedserviceaccounts", "staging", "ephemeral"));
        Assert.Null(_ocm.Get(_ocm.Hub, "", "secrets", "staging", "ephemeral"));
        Assert.Null(_ocm.Get(_ocm.Spoke("staging"), "", "serviceaccounts", OcmNames.AgentAddonNamespace, "ephemeral"));
    }

    [Fact]
    public void Reconcile_ValidityUnderTenMinutes_ReportsTokenFailure()
    {
        _ocm.Create(_ocm.Hub, """
            apiVersion: authentication.open-cluster-management.io/v1beta1
            kind: ManagedServiceAccount
            metadata: {name: short, namespace: staging}
            spec: {rotation: {validity: 5m}}
            """);

        _ocm.Settle();

        var msa = _ocm.Get(_ocm.Hub, OcmNames.AuthenticationGroup, "managedserviceaccounts", "staging", "short")!;
        Assert.Equal("False", OcmConditions.StatusOf(msa, "TokenReported"));
        Assert.Null(_ocm.Get(_ocm.Hub, "", "secrets", "staging", "short"));
    }

    private string Token() => Decode(_ocm.Get(_ocm.Hub, "", "secrets", "prod-us-east", "remediator")!["data"].Str("token"));

    private static string Decode(string? base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64!));

    public void Dispose() => _ocm.Dispose();
}
