using Microsoft.Data.Sqlite;
using OrleansPlatform.Storage.Sqlite;

namespace OrleansPlatform.Storage.Erasure;

/// <summary>Subject keys in the embedded database's <c>platform_subject_keys</c> (0016).</summary>
public sealed class SqliteSubjectKeyStore(SqliteConnectionFactory connections) : ISubjectKeyStore
{
    public async Task<StoredSubjectKey> GetOrAddAsync(string subjectId, byte[] wrappedIfNew, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var value = await ScalarAsync("""
            INSERT INTO platform_subject_keys (subject_id, wrapped_key, created_at) VALUES ($s, $k, $t)
            ON CONFLICT (subject_id) DO UPDATE SET subject_id = excluded.subject_id
            RETURNING wrapped_key
            """, cancellationToken, ("$s", subjectId), ("$k", wrappedIfNew), ("$t", now.ToUnixTimeMilliseconds()));
        return new StoredSubjectKey(subjectId, value as byte[]);
    }

    public async Task<IReadOnlyList<StoredSubjectKey>> GetAsync(IReadOnlyCollection<string> subjectIds, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = subjectIds.Select((_, i) => "$s" + i).ToList();
        command.CommandText = $"SELECT subject_id, wrapped_key FROM platform_subject_keys WHERE subject_id IN ({string.Join(", ", names)})";
        foreach (var (name, subject) in names.Zip(subjectIds))
        {
            command.Parameters.AddWithValue(name, subject);
        }

        var keys = new List<StoredSubjectKey>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(new StoredSubjectKey(reader.GetString(0), reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1)));
        }

        return keys;
    }

    public async Task<DateTimeOffset> EraseAsync(string subjectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var erasedAt = await ScalarAsync("""
            INSERT INTO platform_subject_keys (subject_id, wrapped_key, created_at, erased_at) VALUES ($s, NULL, $t, $t)
            ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL, erased_at = COALESCE(platform_subject_keys.erased_at, excluded.erased_at)
            RETURNING erased_at
            """, cancellationToken, ("$s", subjectId), ("$t", now.ToUnixTimeMilliseconds()));
        return SqliteEventColumns.FromUnixMs((long)erasedAt!);
    }

    public async Task<IReadOnlyList<string>> ErasedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT subject_id FROM platform_subject_keys WHERE erased_at >= $t";
        command.Parameters.AddWithValue("$t", since.ToUnixTimeMilliseconds());
        var subjects = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            subjects.Add(reader.GetString(0));
        }

        return subjects;
    }

    public async Task<string?> ReadCheckValueAsync(CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT check_value FROM platform_erasure_master WHERE id = 1", cancellationToken) as string;

    public async Task<string> SetCheckValueAsync(string checkValue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ScalarAsync("INSERT INTO platform_erasure_master (id, check_value, created_at) VALUES (1, $v, $t) ON CONFLICT (id) DO NOTHING",
            cancellationToken, ("$v", checkValue), ("$t", now.ToUnixTimeMilliseconds()));
        return (await ReadCheckValueAsync(cancellationToken))!;
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, value));
        }

        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is DBNull ? null : result;
    }
}
