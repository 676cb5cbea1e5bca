using System.ComponentModel.DataAnnotations;

namespace OrleansPlatform.Silo;

/// <summary>Where the platform keeps its data.</summary>
public enum StorageKind
{
    /// <summary>One node, one SQLite file under <see cref="PlatformOptions.DataDirectory"/>: the zero-set-up default.</summary>
    Sqlite,

    /// <summary>PostgreSQL for everything; every silo on the same database joins one cluster.</summary>
    Postgres,
}

/// <summary>The <c>Platform</c> configuration section (see api.md for the keys).</summary>
public sealed class PlatformOptions : IValidatableObject
{
    public const string Section = "Platform";

    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    [Required]
    public string DataDirectory { get; set; } = "./data";

    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,100}$")]
    public string ClusterId { get; set; } = "orleans-platform";

    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,100}$")]
    public string ServiceId { get; set; } = "orleans-platform";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Comma-separated roles of this process: <c>silo</c>, <c>gateway</c>.</summary>
    [Required]
    public string Roles { get; set; } = "silo,gateway";

    /// <summary>The address other silos reach this one on (cluster mode); default: the host's first non-loopback IPv4.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Allow a non-loopback listener without API keys (never in production).</summary>
    public bool Insecure { get; set; }

    /// <summary>
    /// How long start-up waits for an unreachable PostgreSQL (a cluster started before its database, as compose or
    /// Kubernetes do) before it gives up; a refused password or an unknown database fails at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan DatabaseStartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>PostgreSQL connection string (<c>ConnectionStrings:Postgres</c>), copied here at binding time.</summary>
    public string? PostgresConnectionString { get; set; }

    public bool RunsSilo => HasRole("silo");

    public bool RunsGateway => HasRole("gateway");

    public string SqliteFile => Path.Combine(DataDirectory, "platform.db");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var roles = Roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (roles.Length == 0 || roles.Any(r => r is not ("silo" or "gateway")))
        {
            yield return new ValidationResult("Platform:Roles is a comma-separated list of 'silo' and 'gateway'.", [nameof(Roles)]);
        }

        if (Storage == StorageKind.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("Platform:Storage=Postgres needs ConnectionStrings:Postgres.", [nameof(PostgresConnectionString)]);
        }

        if (Storage == StorageKind.Postgres && !string.IsNullOrWhiteSpace(PostgresConnectionString) && !IsValidPostgres(PostgresConnectionString))
        {
            yield return new ValidationResult("ConnectionStrings:Postgres is not a valid PostgreSQL connection string.", [nameof(PostgresConnectionString)]);
        }

        if (!RunsSilo && Storage == StorageKind.Sqlite)
        {
            yield return new ValidationResult("A gateway-only process joins a cluster through PostgreSQL: set Platform:Storage=Postgres.", [nameof(Roles)]);
        }

        if (AdvertisedAddress is { Length: > 0 } address && !System.Net.IPAddress.TryParse(address, out _))
        {
            yield return new ValidationResult("Platform:AdvertisedAddress must be an IP address.", [nameof(AdvertisedAddress)]);
        }

        if (SiloPort == GatewayPort)
        {
            yield return new ValidationResult("Platform:SiloPort and Platform:GatewayPort must differ.", [nameof(SiloPort), nameof(GatewayPort)]);
        }
    }

    private bool HasRole(string role) =>
        Roles.Split(',', StringSplitOptions.TrimEntries).Contains(role, StringComparer.OrdinalIgnoreCase);

    private static bool IsValidPostgres(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
