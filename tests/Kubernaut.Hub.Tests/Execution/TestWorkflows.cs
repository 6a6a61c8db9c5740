namespace Kubernaut.Hub.Tests.Execution;

/// <summary>Test-only catalog entries and playbooks: one whose playbook steps outside its declared RBAC, one that takes its time.</summary>
public static class TestWorkflows
{
    public const string RbacProbeWorkflow = """
        apiVersion: kubernaut.ai/v1alpha1
        kind: RemediationWorkflow
        metadata:
          name: test-rbac-probe
        spec:
          version: 1.0.0
          description:
            what: Reads a Deployment (declared), then tries to patch a ConfigMap (not declared).
            whenToUse: Only in tests, to show the ephemeral identity can do exactly what the entry declares.
          actionType: TestRbacProbe
          risk: low
          matches:
            rootCauseCategories: [test-rbac-probe]
            targetKinds: [Deployment]
          parameters:
            - {name: namespace, type: string, required: true}
            - {name: deployment, type: string, required: true}
            - {name: configmap, type: string, required: true}
          execution:
            engine: ansible
            jobTemplate: test-rbac-probe
          rbac:
            rules:
              - apiGroups: [apps]
                resources: [deployments]
                verbs: [get]
                resourceNames: ["{{ deployment }}"]
        """;

    public const string RbacProbePlaybook = """
        - name: Probe the job's RBAC
          hosts: localhost
          connection: local
          gather_facts: false
          tasks:
            - name: Read the Deployment (declared)
              kubernetes.core.k8s_info:
                api_version: apps/v1
                kind: Deployment
                name: "{{ deployment }}"
                namespace: "{{ namespace }}"
              register: read
            - name: Report the read
              ansible.builtin.debug:
                msg: "PROBE-READ-OK {{ read.resources | length }}"
            - name: Patch a ConfigMap (not declared)
              kubernetes.core.k8s:
                state: patched
                api_version: v1
                kind: ConfigMap
                name: "{{ configmap }}"
                namespace: "{{ namespace }}"
                definition:
                  metadata:
                    annotations:
                      probe: "outside-the-rules"
        """;

    public const string SlowWorkflow = """
        apiVersion: kubernaut.ai/v1alpha1
        kind: RemediationWorkflow
        metadata:
          name: test-slow
        spec:
          version: 1.0.0
          description:
            what: Reads a Deployment, then waits.
            whenToUse: Only in tests (timeouts, cancellation, a hub killed mid-job).
          actionType: TestSlow
          risk: low
          matches:
            rootCauseCategories: [test-slow]
            targetKinds: [Deployment]
          parameters:
            - {name: namespace, type: string, required: true}
            - {name: deployment, type: string, required: true}
            - {name: seconds, type: integer, required: true, minimum: 1, maximum: 600}
          execution:
            engine: ansible
            jobTemplate: test-slow
          rbac:
            rules:
              - apiGroups: [apps]
                resources: [deployments]
                verbs: [get]
                resourceNames: ["{{ deployment }}"]
          verification:
            window: 1s
        """;

    public const string SlowPlaybook = """
        - name: Read, then wait
          hosts: localhost
          connection: local
          gather_facts: false
          tasks:
            - name: Read the Deployment
              kubernetes.core.k8s_info:
                api_version: apps/v1
                kind: Deployment
                name: "{{ deployment }}"
                namespace: "{{ namespace }}"
            - name: Wait
              ansible.builtin.pause:
                seconds: "{{ seconds | int }}"
        """;
}

/// <summary>What the scripted investigation concludes per target: the shape the real investigation delivers.</summary>
public static class ScriptedInvestigations
{
    public static readonly string[] Args =
    [
        .. Target("checkout-service", "a config reload at 03:14 disabled cache eviction; the unbounded cache drives the pods into OOM kills",
            ["config-change", "oom-killed", "memory-limit"],
            new() { ["namespace"] = "prod", ["deployment"] = "checkout-service", ["configmap"] = "checkout-config", ["previousRevision"] = "42", ["container"] = "checkout-service", ["peakMemoryBytes"] = "653262848" }),
        .. Target("payment-gateway", "a node drain took 2 of 3 payment-db replicas; the connection pool is exhausted",
            ["replicas-lost", "node-drain", "capacity"],
            new() { ["namespace"] = "prod", ["statefulset"] = "payment-db", ["desiredReplicas"] = "3" }),
        .. Target("cart-service", "test", ["test-slow"], new() { ["namespace"] = "prod", ["deployment"] = "cart-service", ["seconds"] = "2" }),
        .. Target("catalog-service", "test", ["test-rbac-probe"], new() { ["namespace"] = "prod", ["deployment"] = "catalog-service", ["configmap"] = "checkout-config" }),
    ];

    private static IEnumerable<string> Target(string name, string rootCause, string[] categories, Dictionary<string, string> facts)
    {
        var prefix = $"--Stages:Scripted:Targets:{name}:";
        yield return prefix + "RootCause";
        yield return rootCause;
        yield return prefix + "Confidence";
        yield return "0.92";
        for (var i = 0; i < categories.Length; i++)
        {
            yield return prefix + $"Categories:{i}";
            yield return categories[i];
        }

        foreach (var (key, value) in facts)
        {
            yield return prefix + $"Facts:{key}";
            yield return value;
        }
    }
}
