using Microsoft.Extensions.Logging;
using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Grains.EventLog;

namespace OrleansPlatform.Grains.Bus;

/// <summary>A topic's definition, journaled in <c>$topic-def:{name}</c>, and the owner of its retention job.</summary>
public sealed partial class TopicGrain(JournalServices journal, ILogger<TopicGrain> logger)
    : LogBackedGrain<TopicState>(journal), ITopicGrain, IRemindable
{
    private const string RetentionReminder = "retention";

    private string Name => this.GetPrimaryKeyString();

    protected override string LogStreamId => $"$topic-def:{Name}";

    public async Task<bool> PutAsync(TopicSettings settings)
    {
        TopicSettingsRules.EnsureValid(Name, settings);
        if (State.Settings is { } current)
        {
            if (current.Partitions != settings.Partitions)
            {
                throw new PlatformConflictException(
                    $"Topic '{Name}' has {current.Partitions} partitions; changing them would move keys between partitions and break their order.");
            }

            if (current == settings)
            {
                // Repeating a PUT also repairs partitions that missed the last push (a silo failed during it).
                await PushToPartitionsAsync(settings);
                return false;
            }
        }

        var created = State.Settings is null;
        var defined = new TopicDefined(settings, created ? Time.GetUtcNow() : State.CreatedAt);
        (await JournalAsync([defined])).EnsureCommitted($"Topic '{Name}' was changed concurrently; read it and try again.");

        await PushToPartitionsAsync(settings);
        await this.RegisterOrUpdateReminder(RetentionReminder, TimeSpan.FromMinutes(1), PurgeInterval(KeptFor(settings)));
        LogTopicDefined(logger, Name, settings.Partitions, created);
        return created;
    }

    public Task<TopicInfo?> GetAsync() =>
        Task.FromResult(State.Settings is { } settings ? new TopicInfo(Name, settings, State.CreatedAt, Version) : null);

    public async Task<long> PurgeExpiredAsync()
    {
        if (State.Settings is not { } settings)
        {
            return 0;
        }

        var cutoff = Time.GetUtcNow() - KeptFor(settings);
        long purged = 0;
        for (var p = 0; p < settings.Partitions; p++)
        {
            purged += await Log.PurgeBeforeAsync(TopicPartitionGrain.LogStreamOf(Name, p), cutoff, CancellationToken.None);
        }

        if (purged > 0)
        {
            LogPurged(logger, Name, purged);
        }

        return purged;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => PurgeExpiredAsync();

    /// <summary>
    /// Partitions check size and rate limits on every publish from their own copy of the settings. The journal's
    /// version is the copy's revision: a push delayed past a newer one cannot bring old settings back.
    /// </summary>
    private Task PushToPartitionsAsync(TopicSettings settings) => Task.WhenAll(Enumerable.Range(0, settings.Partitions)
        .Select(p => GrainFactory.GetGrain<ITopicPartitionGrain>(BusRules.PartitionKey(Name, p)).UseSettingsAsync(settings, Version)));

    /// <summary>
    /// Rows stay for the retention, and longer when the dedup window is longer: the database's unique event ids are
    /// what recognises a repeat. Readers still see only what is within the retention (the partition answers 410).
    /// </summary>
    private static TimeSpan KeptFor(TopicSettings settings) => settings.DedupWindow > settings.Retention ? settings.DedupWindow : settings.Retention;

    // Purge often enough that little outlives its retention, but at most once a minute (reminders' floor).
    private static TimeSpan PurgeInterval(TimeSpan retention) =>
        TimeSpan.FromTicks(Math.Clamp(retention.Ticks / 10, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromHours(1).Ticks));

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic {Topic} defined with {Partitions} partitions (created: {Created})")]
    private static partial void LogTopicDefined(ILogger logger, string topic, int partitions, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purged {Count} events from topic {Topic}")]
    private static partial void LogPurged(ILogger logger, string topic, long count);
}
