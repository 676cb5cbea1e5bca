using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Storage.Secrets;

/// <summary>Secrets in the embedded database's <c>platform_secrets</c>.</summary>
public sealed class SqliteSecretStore(SqliteConnectionFactory connections, TimeProvider time) : ISecretStore
{
    public async Task<string> SaveAsync(string owner, string value, CancellationToken cancellationToken)
    {
        var reference = SecretReference.For(owner, value);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO platform_secrets (reference, value, created_at) VALUES ($r, $v, $t) ON CONFLICT (reference) DO NOTHING";
        command.Parameters.AddWithValue("$r", reference);
        command.Parameters.AddWithValue("$v", value);
        command.Parameters.AddWithValue("$t", time.GetUtcNow().ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
        return reference;
    }

    public async Task<string?> ReadAsync(string reference, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM platform_secrets WHERE reference = $r";
        command.Parameters.AddWithValue("$r", reference);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
