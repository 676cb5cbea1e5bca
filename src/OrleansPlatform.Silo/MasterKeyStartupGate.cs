using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using OrleansPlatform.Grains.Erasure;
using OrleansPlatform.Storage.Erasure;
using OrleansPlatform.Storage.Postgres;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Silo;

/// <summary>
/// Refuses to start a silo whose master key cannot open the subject keys already stored: a different key (its check
/// value differs from the stored one), or none at all while encrypted events exist. Runs while the host is being
/// built (as the database gate does), so the failure is one line before anything starts; a database without the
/// erasure tables yet has nothing to check.
/// </summary>
internal static class MasterKeyStartupGate
{
    public static void Check(IConfiguration configuration, PlatformOptions platform)
    {
        var options = new ErasureOptions();
        configuration.GetSection(ErasureOptions.Section).Bind(options);
        var invalid = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();
        if (invalid.Count > 0)
        {
            throw new OptionsValidationException(ErasureOptions.Section, typeof(ErasureOptions), invalid.Select(r => r.ErrorMessage ?? "invalid"));
        }

        var stored = ReadCheckValueAsync(platform).GetAwaiter().GetResult();
        if (options.MasterKeyBytes() is not { } master)
        {
            if (stored is not null)
            {
                throw new PlatformStartupException(
                    "Events encrypted for subjects exist, but Platform:Erasure:MasterKey is not set. Configure the master key they were written with (environment Platform__Erasure__MasterKey).");
            }

            return;
        }

        if (stored is not null && !string.Equals(stored, ErasureKeys.CheckValue(master), StringComparison.Ordinal))
        {
            throw new PlatformStartupException(
                "Platform:Erasure:MasterKey is not the key the stored subject keys were wrapped with (its check value differs from the stored one). Configure the original master key; a lost master key cannot be replaced.");
        }
    }

    private static async Task<string?> ReadCheckValueAsync(PlatformOptions platform)
    {
        try
        {
            if (platform.Storage == StorageKind.Postgres)
            {
                await using var dataSource = PostgresDataSource.Create(platform.PostgresConnectionString!);
                return await new PostgresSubjectKeyStore(dataSource).ReadCheckValueAsync(CancellationToken.None);
            }

            return File.Exists(platform.SqliteFile)
                ? await new SqliteSubjectKeyStore(SqliteConnectionFactory.ForFile(platform.SqliteFile)).ReadCheckValueAsync(CancellationToken.None)
                : null;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
        catch (SqliteException ex) when (ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return null;
        }
    }
}
