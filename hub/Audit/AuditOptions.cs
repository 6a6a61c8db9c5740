using Microsoft.Extensions.Options;

namespace Kubernaut.Hub.Audit;

/// <summary>Where the audit trail lives (section <c>Audit</c>).</summary>
internal sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary><c>Sqlite</c> (embedded, one hub) or <c>Postgres</c> (shared by several hub replicas).</summary>
    public string Provider { get; set; } = AuditProviders.Sqlite;

    /// <summary>ADO.NET connection string; for SQLite the default is a file beside the hub's working directory.</summary>
    public string ConnectionString { get; set; } = "Data Source=kubernaut-hub-audit.db";
}

internal static class AuditProviders
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";
}

internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        if (options.Provider is not (AuditProviders.Sqlite or AuditProviders.Postgres))
        {
            errors.Add($"Audit:Provider must be {AuditProviders.Sqlite} or {AuditProviders.Postgres} (was '{options.Provider}').");
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add("Audit:ConnectionString is required.");
        }

        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
