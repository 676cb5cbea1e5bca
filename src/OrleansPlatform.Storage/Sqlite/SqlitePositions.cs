using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansPlatform.Storage.Sqlite;

/// <summary>
/// The global position on SQLite: the autoincrement row id. One writer at a time makes it commit order, so the feed
/// needs no visibility frontier: its end is simply after the newest row.
/// </summary>
internal static class SqlitePositions
{
    /// <summary>The position after the newest event, read on <paramref name="connection"/> (and its transaction, if any).</summary>
    public static async Task<long> GetEndPositionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(position), 0) + 1 FROM platform_events";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
