using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Kubernaut.KindFleet.Tests.ApiServer;

/// <summary>A namespaced example CRD (widgets.kubernaut.example) with status and scale subresources and printer columns.</summary>
internal static class CustomResourceKit
{
    public const string Group = "kubernaut.example";

    public const string CrdYaml = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.kubernaut.example
        spec:
          group: kubernaut.example
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wdg]
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
            subresources:
              status: {}
              scale:
                specReplicasPath: .spec.size
                statusReplicasPath: .status.size
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Phase
              type: string
              jsonPath: .status.phase
        """;

    public static async Task EnsureWidgetsAsync(IKubernetes client, CancellationToken ct)
    {
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(CrdYaml), cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Another test of the same fixture applied it first.
        }

        await ApiTestKit.EventuallyAsync(
            () => client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.kubernaut.example", cancellationToken: ct),
            crd => crd.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true, ct);
    }

    public static Dictionary<string, object> Widget(string name, int size) => new()
    {
        ["apiVersion"] = $"{Group}/v1",
        ["kind"] = "Widget",
        ["metadata"] = new Dictionary<string, object> { ["name"] = name },
        ["spec"] = new Dictionary<string, object> { ["size"] = size, ["color"] = "blue" },
    };
}
