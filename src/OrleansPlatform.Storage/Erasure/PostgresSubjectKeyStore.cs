using Npgsql;

namespace OrleansPlatform.Storage.Erasure;

/// <summary>Subject keys in PostgreSQL's <c>platform_subject_keys</c> (0016).</summary>
public sealed class PostgresSubjectKeyStore(NpgsqlDataSource dataSource) : ISubjectKeyStore
{
    public async Task<StoredSubjectKey> GetOrAddAsync(string subjectId, byte[] wrappedIfNew, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A no-op update on conflict returns the row that won (or its tombstone) in the same statement, also when
        // another silo inserted it concurrently.
        await using var command = dataSource.CreateCommand("""
            INSERT INTO platform_subject_keys (subject_id, wrapped_key, created_at) VALUES (@s, @k, @t)
            ON CONFLICT (subject_id) DO UPDATE SET subject_id = EXCLUDED.subject_id
            RETURNING wrapped_key
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", subjectId));
        command.Parameters.Add(new NpgsqlParameter<byte[]>("k", wrappedIfNew));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", now.UtcDateTime));
        return new StoredSubjectKey(subjectId, await command.ExecuteScalarAsync(cancellationToken) as byte[]);
    }

    public async Task<IReadOnlyList<StoredSubjectKey>> GetAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT subject_id, wrapped_key FROM platform_subject_keys WHERE subject_id = ANY(@s)");
        command.Parameters.Add(new NpgsqlParameter<string[]>("s", subjectIds.ToArray()));
        var keys = new List<StoredSubjectKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new StoredSubjectKey(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1)));
        }

        return keys;
    }

    public async Task<DateTimeOffset> EraseAsync(string subjectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO platform_subject_keys (subject_id, wrapped_key, created_at, erased_at) VALUES (@s, NULL, @t, @t)
            ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL, erased_at = COALESCE(platform_subject_keys.erased_at, EXCLUDED.erased_at)
            RETURNING erased_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("s", subjectId));
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", now.UtcDateTime));
        return new DateTimeOffset((DateTime)(await command.ExecuteScalarAsync(cancellationToken))!, TimeSpan.Zero);
    }

    public async Task<IReadOnlyList<string>> ErasedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT subject_id FROM platform_subject_keys WHERE erased_at >= @t");
        command.Parameters.Add(new NpgsqlParameter<DateTime>("t", since.UtcDateTime));
        var subjects = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subjects.Add(reader.GetString(0));
        }

        return subjects;
    }

    public async Task<string?> ReadCheckValueAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT check_value FROM platform_erasure_master WHERE id = 1");
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<string> SetCheckValueAsync(string checkValue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var insert = dataSource.CreateCommand("INSERT INTO platform_erasure_master (id, check_value, created_at) VALUES (1, @v, @t) ON CONFLICT (id) DO NOTHING");
        insert.Parameters.Add(new NpgsqlParameter<string>("v", checkValue));
        insert.Parameters.Add(new NpgsqlParameter<DateTime>("t", now.UtcDateTime));
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return (await ReadCheckValueAsync(cancellationToken))!;
    }
}
