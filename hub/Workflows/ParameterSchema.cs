using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kubernaut.Hub.Workflows;

/// <summary>Parameters checked against a workflow's typed schema: typed values for the job, or every mistake at once.</summary>
internal sealed record ParameterCheck(IReadOnlyDictionary<string, JsonNode?> Values, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Validates parameters (as strings, the way people and the API give them) against a workflow's schema: known names
/// only, required ones present, each of its type, within enum, pattern and range. Values are converted to their
/// types so the playbook receives an integer as an integer.
/// </summary>
internal static class ParameterSchema
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public static ParameterCheck Check(RemediationWorkflow workflow, IReadOnlyDictionary<string, string>? parameters, IReadOnlySet<string>? reserved = null)
    {
        parameters ??= new Dictionary<string, string>();
        var errors = new List<string>();
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var name in parameters.Keys.Where(k => workflow.Parameter(k) is null && reserved?.Contains(k) != true).Order(StringComparer.Ordinal))
        {
            errors.Add($"{name}: not a parameter of {workflow.Name} (it takes {string.Join(", ", workflow.Spec.Parameters.Select(p => p.Name))})");
        }

        foreach (var p in workflow.Spec.Parameters)
        {
            if (!parameters.TryGetValue(p.Name, out var raw) || raw is null)
            {
                if (p.Required)
                {
                    errors.Add($"{p.Name}: required ({p.Description ?? p.Type})");
                }

                continue;
            }

            if (Convert(p, raw, out var error) is { } value)
            {
                values[p.Name] = value;
            }
            else
            {
                errors.Add($"{p.Name}: {error}");
            }
        }

        return new ParameterCheck(values, errors);
    }

    private static JsonNode? Convert(WorkflowParameter p, string raw, out string? error)
    {
        error = null;
        JsonNode? value;
        switch (p.Type)
        {
            case "integer":
                if (!long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                {
                    error = $"must be an integer (was \"{raw}\")";
                    return null;
                }

                value = JsonValue.Create(l);
                error = Range(p, l);
                break;
            case "float":
                if (!double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                {
                    error = $"must be a number (was \"{raw}\")";
                    return null;
                }

                value = JsonValue.Create(d);
                error = Range(p, d);
                break;
            case "boolean":
                if (!bool.TryParse(raw.Trim(), out var b))
                {
                    error = $"must be true or false (was \"{raw}\")";
                    return null;
                }

                value = JsonValue.Create(b);
                break;
            case "array":
                value = Array(raw);
                if (value is null)
                {
                    error = $"must be a JSON array (was \"{raw}\")";
                    return null;
                }

                break;
            default:
                value = JsonValue.Create(raw);
                if (p.Pattern is { Length: > 0 } pattern && !Regex.IsMatch(raw, pattern, RegexOptions.None, PatternTimeout))
                {
                    error = $"\"{raw}\" does not match {pattern}";
                }

                break;
        }

        if (error is null && p.Enum is { Count: > 0 } allowed && !allowed.Contains(raw))
        {
            error = $"must be one of {string.Join(", ", allowed)} (was \"{raw}\")";
        }

        return error is null ? value : null;
    }

    private static string? Range(WorkflowParameter p, double v) =>
        p.Minimum is { } min && v < min ? $"must be at least {min.ToString(CultureInfo.InvariantCulture)} (was {v.ToString(CultureInfo.InvariantCulture)})"
        : p.Maximum is { } max && v > max ? $"must be at most {max.ToString(CultureInfo.InvariantCulture)} (was {v.ToString(CultureInfo.InvariantCulture)})"
        : null;

    private static JsonArray? Array(string raw)
    {
        try
        {
            return JsonNode.Parse(raw) as JsonArray;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
