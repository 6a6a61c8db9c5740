using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using Kubernaut.Hub.Tests.Support;

namespace Kubernaut.Hub.Tests.Execution;

/// <summary>
/// Watches one run's ephemeral identity: captures its token while it exists (to prove later that the spoke refuses
/// it) and checks that nothing of it is left anywhere afterwards.
/// </summary>
public sealed class Leftovers(RemediationFleetFixture fleet, string cluster, string rr, string targetNamespace) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _capture;

    public string Name { get; } = "kubernaut-" + rr;

    public string? Token { get; private set; }

    public void StartCapturing()
    {
        var hub = fleet.Client("hub");
        _capture = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested && Token is null)
            {
                try
                {
                    var secret = await hub.CoreV1.ReadNamespacedSecretAsync(Name, cluster, cancellationToken: _stop.Token);
                    Token = Encoding.UTF8.GetString(secret.Data["token"]);
                }
                catch (Exception e) when (e is HttpOperationException or KeyNotFoundException or OperationCanceledException or HttpRequestException)
                {
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        });
    }

    /// <summary>Waits (the OCM controllers remove the spoke side asynchronously) until nothing of the run is left.</summary>
    public async Task AssertNothingLeftAsync()
    {
        var remaining = new List<string>();
        await Eventually.TrueAsync(async () =>
        {
            remaining = await RemainingAsync();
            return remaining.Count == 0;
        }, () => "left behind: " + string.Join(", ", remaining), TimeSpan.FromSeconds(45));
    }

    public async Task AssertTokenRefusedAsync()
    {
        Assert.False(string.IsNullOrEmpty(Token), "the run's token was never seen");
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(fleet.SecureAddress, $"cluster-proxy/{cluster}/api/v1/namespaces/{targetNamespace}/pods"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<List<string>> RemainingAsync()
    {
        var left = new List<string>();
        var hub = fleet.Client("hub");
        var spoke = fleet.Client(cluster);
        await Check(left, $"ManagedServiceAccount {cluster}/{Name}", () => hub.CustomObjects.GetNamespacedCustomObjectAsync("authentication.open-cluster-management.io", "v1beta1", cluster, "managedserviceaccounts", Name));
        await Check(left, $"ClusterPermission {cluster}/{Name}", () => hub.CustomObjects.GetNamespacedCustomObjectAsync("rbac.open-cluster-management.io", "v1alpha1", cluster, "clusterpermissions", Name));
        await Check(left, $"ManifestWork {cluster}/cluster-permission-{Name}", () => hub.CustomObjects.GetNamespacedCustomObjectAsync("work.open-cluster-management.io", "v1", cluster, "manifestworks", "cluster-permission-" + Name));
        await Check(left, $"hub Secret {cluster}/{Name}", () => hub.CoreV1.ReadNamespacedSecretAsync(Name, cluster));
        await Check(left, $"spoke ServiceAccount {Name}", () => spoke.CoreV1.ReadNamespacedServiceAccountAsync(Name, "open-cluster-management-agent-addon"));
        await Check(left, $"spoke Role {targetNamespace}/{Name}", () => spoke.RbacAuthorizationV1.ReadNamespacedRoleAsync(Name, targetNamespace));
        await Check(left, $"spoke RoleBinding {targetNamespace}/{Name}", () => spoke.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync(Name, targetNamespace));
        await Check(left, $"spoke ClusterRole {Name}", () => spoke.RbacAuthorizationV1.ReadClusterRoleAsync(Name));
        await Check(left, $"spoke ClusterRoleBinding {Name}", () => spoke.RbacAuthorizationV1.ReadClusterRoleBindingAsync(Name));
        using var awx = new HttpClient { BaseAddress = fleet.BaseAddress };
        awx.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fleet.ApiToken);
        var credentials = JsonDocument.Parse(await awx.GetStringAsync($"api/v2/credentials/?name={Name}")).RootElement;
        if (credentials.GetProperty("count").GetInt32() > 0)
        {
            left.Add($"AWX credential {Name}");
        }

        return left;
    }

    private static async Task Check<T>(List<string> left, string what, Func<Task<T>> read)
    {
        try
        {
            await read();
            left.Add(what);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Gone, as it should be.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_capture is not null)
        {
            await _capture;
        }

        _stop.Dispose();
    }
}
