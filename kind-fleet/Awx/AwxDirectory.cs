namespace Kubernaut.KindFleet.Awx;

/// <summary>The one organization every install starts with.</summary>
internal static class AwxOrganizations
{
    public const int DefaultId = 1;
    public const string DefaultName = "Default";

    public static object View(string basePath) => new
    {
        id = DefaultId,
        type = "organization",
        url = $"{basePath}/organizations/{DefaultId}/",
        name = DefaultName,
        description = "",
        max_hosts = 0,
    };
}

/// <summary>The API token's owner: the install's admin user.</summary>
internal static class AwxUsers
{
    public const int AdminId = 1;

    public static object Admin(string basePath) => new
    {
        id = AdminId,
        type = "user",
        url = $"{basePath}/users/{AdminId}/",
        username = "admin",
        first_name = "",
        last_name = "",
        email = "",
        is_superuser = true,
        is_system_auditor = false,
    };
}

/// <summary>The one inventory the templates run against: localhost over the local connection.</summary>
internal static class AwxInventory
{
    public const int LocalhostId = 1;
    public const string LocalhostName = "localhost";
}
