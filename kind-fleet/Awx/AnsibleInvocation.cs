using System.Diagnostics;

namespace Kubernaut.KindFleet.Awx;

/// <summary>
/// The ansible-playbook command line and environment for one job. Nothing of the host's environment leaks in:
/// the child sees a fixed PATH (Debian's python, not pyenv's), a private HOME and temp directory, Ansible settings
/// for plain machine-readable output, and the credential as AWX injects it for the Kubernetes bearer-token type.
/// </summary>
internal static class AnsibleInvocation
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task<ProcessStartInfo> PrepareAsync(AwxJob job, string workDir, AwxOptions options, CancellationToken ct)
    {
        var extraVarsPath = Path.Combine(workDir, "extra_vars.json");
        await WritePrivateAsync(extraVarsPath, job.ExtraVars.ToJsonString(), ct);
        var tmp = Directory.CreateDirectory(Path.Combine(workDir, "tmp")).FullName;

        var psi = new ProcessStartInfo(options.AnsiblePlaybook)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-i", "localhost,", "-c", "local", "-e", "@" + extraVarsPath, "-e", "ansible_python_interpreter=" + options.PythonInterpreter, job.Template.PlaybookPath })
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Clear();
        var env = psi.Environment;
        env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        env["HOME"] = workDir;
        env["TMPDIR"] = tmp;
        env["LANG"] = "C.UTF-8";
        env["PYTHONUNBUFFERED"] = "1";
        env["ANSIBLE_LOCAL_TEMP"] = tmp;
        env["ANSIBLE_REMOTE_TEMP"] = tmp;
        env["ANSIBLE_NOCOLOR"] = "1";
        env["ANSIBLE_FORCE_COLOR"] = "0";
        env["ANSIBLE_STDOUT_CALLBACK"] = "default";
        env["ANSIBLE_RETRY_FILES_ENABLED"] = "0";
        env["ANSIBLE_HOST_KEY_CHECKING"] = "0";
        env["ANSIBLE_LOCALHOST_WARNING"] = "0";
        env["ANSIBLE_INVENTORY_UNPARSED_WARNING"] = "0";
        env["ANSIBLE_DEPRECATION_WARNINGS"] = "0";
        env["ANSIBLE_SYSTEM_WARNINGS"] = "0";
        await InjectKubernetesCredentialAsync(job, workDir, env, ct);
        return psi;
    }

    /// <summary>AWX's injector for the "OpenShift or Kubernetes API Bearer Token" type.</summary>
    private static async Task InjectKubernetesCredentialAsync(AwxJob job, string workDir, IDictionary<string, string?> env, CancellationToken ct)
    {
        var credential = job.Credentials.FirstOrDefault(c => c.Type.Kind == "kubernetes");
        if (credential is null)
        {
            return;
        }

        env["K8S_AUTH_HOST"] = credential.Input("host");
        env["K8S_AUTH_API_KEY"] = credential.Input("bearer_token");
        var verify = credential.Input("verify_ssl") != "false";
        env["K8S_AUTH_VERIFY_SSL"] = verify ? "True" : "False";
        if (verify && credential.Input("ssl_ca_cert") is { Length: > 0 } ca)
        {
            var caPath = Path.Combine(workDir, "k8s_ca.crt");
            await WritePrivateAsync(caPath, ca, ct);
            env["K8S_AUTH_SSL_CA_CERT"] = caPath;
        }
    }

    private static async Task WritePrivateAsync(string path, string content, CancellationToken ct)
    {
        await using (File.Create(path))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }

        await File.WriteAllTextAsync(path, content, ct);
    }
}
