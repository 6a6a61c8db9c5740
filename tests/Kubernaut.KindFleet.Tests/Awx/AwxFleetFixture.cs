using System.Security.Cryptography;
using Flurl.Http;
using k8s;
using Kubernaut.KindFleet.Awx;
using Kubernaut.KindFleet.Fleet;

namespace Kubernaut.KindFleet.Tests.Awx;

/// <summary>
/// A simulated fleet with the AWX stand-in configured for tests: a known API token, and as playbooks the
/// repository's awx-playbooks plus two test-only ones (one that echoes what the job receives, one that sleeps).
/// </summary>
public sealed class AwxFleetFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public string ApiToken { get; } = "awx-test." + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    public string PlaybookDirectory { get; } = Directory.CreateTempSubdirectory("awx-playbooks-").FullName;

    public string KubeconfigPath { get; } = Path.Combine(Path.GetTempPath(), $"awx-fleet-{Guid.NewGuid():N}.kubeconfig");

    public Uri BaseAddress { get; private set; } = null!;

    public Uri SecureAddress { get; private set; } = null!;

    public string CaPem { get; private set; } = "";

    /// <summary>Overrides applied to the stand-in's options (a short job timeout, say).</summary>
    internal Action<AwxOptions>? Configure { get; init; }

    internal WebApplication App => _app!;

    public async ValueTask InitializeAsync()
    {
        foreach (var playbook in Directory.GetFiles(RepositoryPaths.Playbooks, "*.yml"))
        {
            File.Copy(playbook, Path.Combine(PlaybookDirectory, Path.GetFileName(playbook)));
        }

        await File.WriteAllTextAsync(Path.Combine(PlaybookDirectory, "test-echo.yml"), TestPlaybooks.Echo);
        await File.WriteAllTextAsync(Path.Combine(PlaybookDirectory, "test-sleep.yml"), TestPlaybooks.Sleep);

        _app = FleetHost.Build(new FleetHostOptions { Port = 0 }, builder => builder.Services.Configure<AwxOptions>(o =>
        {
            o.ApiToken = ApiToken;
            o.PlaybookDirectory = PlaybookDirectory;
            o.MaxConcurrentJobs = 4;
            Configure?.Invoke(o);
        }));
        await _app.StartAsync();
        BaseAddress = FleetHost.BaseAddress(_app);
        SecureAddress = FleetHost.SecureAddress(_app);
        CaPem = _app.Services.GetRequiredService<FleetCertificate>().AuthorityPem;
        var fleet = _app.Services.GetRequiredService<SimulatedFleet>();
        Kubeconfig.Write(KubeconfigPath, Kubeconfig.Render(SecureAddress, CaPem, fleet.Clusters.Select(c => c.Name), fleet.AdminToken));
    }

    /// <summary>The AWX API as the hub calls it: base <c>http://127.0.0.1:P/{apiBase}/</c> with the bearer token.</summary>
    public IFlurlClient Awx(string apiBase = "api/v2") =>
        new FlurlClient(new Uri(BaseAddress, apiBase.TrimEnd('/') + "/").ToString()).WithOAuthBearerToken(ApiToken).AllowAnyHttpStatus();

    /// <summary>The spoke API URL the hub puts in the credential: the cluster-proxy form, over HTTPS.</summary>
    public string ClusterProxyUrl(string cluster) => new Uri(SecureAddress, $"cluster-proxy/{cluster}").ToString();

    public IKubernetes Admin(string context) => new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath, context));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        File.Delete(KubeconfigPath);
        Directory.Delete(PlaybookDirectory, recursive: true);
    }
}

/// <summary>Where the repository keeps what the tests read.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Playbooks => Path.Combine(Root, "awx-playbooks");

    public static string Crds => Path.Combine(Root, "ocm-manifests", "crds");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "awx-playbooks")) && Directory.Exists(Path.Combine(dir.FullName, "kind-fleet")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (with awx-playbooks/) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Playbooks that exist only for the stand-in's own tests.</summary>
internal static class TestPlaybooks
{
    /// <summary>Prints an extra var and what the credential injected (the token too: the stand-in must mask it).</summary>
    public const string Echo = """
        ---
        - name: Echo what the job receives
          hosts: localhost
          connection: local
          gather_facts: false
          tasks:
            - name: Show the greeting
              ansible.builtin.debug:
                msg: "hello {{ who }}"
            - name: Show the injected environment
              ansible.builtin.debug:
                msg: "host={{ lookup('env', 'K8S_AUTH_HOST') }} verify={{ lookup('env', 'K8S_AUTH_VERIFY_SSL') }} token={{ lookup('env', 'K8S_AUTH_API_KEY') }} home={{ lookup('env', 'HOME') }} pyenv=[{{ lookup('env', 'PYENV_ROOT') }}] path=[{{ lookup('env', 'PATH') }}]"
            - name: Read the injected CA file
              when: lookup('env', 'K8S_AUTH_SSL_CA_CERT') | length > 0
              ansible.builtin.debug:
                msg: "ca_path={{ lookup('env', 'K8S_AUTH_SSL_CA_CERT') }} ca_first_line={{ lookup('file', lookup('env', 'K8S_AUTH_SSL_CA_CERT')).splitlines()[0] }}"
        """;

    public const string Sleep = """
        ---
        - name: Take a long time
          hosts: localhost
          connection: local
          gather_facts: false
          tasks:
            - name: Sleep
              ansible.builtin.command: sleep {{ seconds | default(120) }}
              changed_when: false
        """;
}
