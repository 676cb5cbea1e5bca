using Npgsql;

namespace OrleansPlatform.Storage.Secrets;

/// <summary>Secrets in PostgreSQL's <c>platform_secrets</c>.</summary>
public sealed class PostgresSecretStore(NpgsqlDataSource dataSource, TimeProvider time) : ISecretStore
{
    public async Task<string> SaveAsync(string owner, string value, CancellationToken cancellationToken)
    {
        var reference = SecretReference.For(owner, value);
        await using var command = dataSource.CreateCommand(
            "INSERT INTO platform_secrets (reference, value, created_at) VALUES (@r, @v, @t) ON CONFLICT (reference) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string>("r", reference));
        command.Parameters.Add(new NpgsqlParameter<string>("v", value));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", time.GetUtcNow().UtcDateTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return reference;
    }

    public async Task<string?> ReadAsync(string reference, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT value FROM platform_secrets WHERE reference = @r");
        command.Parameters.Add(new NpgsqlParameter<string>("r", reference));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
