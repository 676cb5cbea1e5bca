using OrleansPlatform.Contracts.Bus;
using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Grains.EventLog;
using OrleansPlatform.Publishing;
using OrleansPlatform.Storage.Secrets;

namespace OrleansPlatform.Grains.Bus;

/// <summary>
/// A subscription's definition, journaled in <c>$sub-def:{name}</c>; everything per partition is delegated to
/// <see cref="ISubscriptionPartitionGrain"/>s so partitions progress independently, on any silo.
/// </summary>
public sealed class SubscriptionGrain(JournalServices journal, ISecretStore secrets)
    : LogBackedGrain<SubscriptionState>(journal), ISubscriptionGrain
{
    private int _nextPullPartition;

    private string Name => this.GetPrimaryKeyString();

    protected override string LogStreamId => $"$sub-def:{Name}";

    public async Task<bool> PutAsync(SubscriptionSettings settings)
    {
        SubscriptionSettingsRules.EnsureValid(Name, settings);
        settings = await KeepSecretApartAsync(settings);
        var requestedStart = settings.StartFrom;
        if (settings.Source is { } source)
        {
            // The feed is forwarded into an internal topic, so the whole delivery machinery applies unchanged.
            settings = settings with { Topic = TopicNames.ForEventStoreSubscription(Name), StartFrom = StartPosition.Earliest };
            // The store has already admitted these events under its own size limit; the copy adds a few headers, so
            // the internal topic takes the largest size a topic allows rather than refusing (and stalling on) one.
            await GrainFactory.GetGrain<ITopicGrain>(settings.Topic).PutAsync(TopicSettings.Default with
            {
                Partitions = source.Partitions,
                MaxEventBytes = TopicSettingsRules.MaxEventBytesLimit,
            });
        }

        var topic = await GrainFactory.GetGrain<ITopicGrain>(settings.Topic).GetAsync() ?? throw new ResourceNotFoundException("topic", settings.Topic);
        if (State.Settings is { } current && current.Topic != settings.Topic)
        {
            throw new PlatformConflictException($"Subscription '{Name}' reads topic '{current.Topic}'; a subscription keeps its topic, so create one with another name to read '{settings.Topic}'.");
        }

        var created = State.Settings is null;
        if (created || !SameSettings(State.Settings!, settings))
        {
            var defined = new SubscriptionDefined(settings, topic.Settings.Partitions, created ? Time.GetUtcNow() : State.CreatedAt);
            (await JournalAsync([defined])).EnsureCommitted($"Subscription '{Name}' was changed concurrently; read it and try again.");
        }

        await Task.WhenAll(Enumerable.Range(0, State.Partitions).Select(async p =>
            await Partition(p).StartAsync(Name, settings, await StartOffsetAsync(settings.Topic, p, settings.StartFrom))));
        if (settings.Source is { } feed)
        {
            await GrainFactory.GetGrain<IFeedForwarderGrain>(Name).StartAsync(feed, settings.Topic, settings.Types, await FeedStartAsync(requestedStart));
        }

        return created;
    }

    public async Task<SubscriptionStatus> GetStatusAsync()
    {
        var settings = EnsureExists();
        var partitions = await Task.WhenAll(Enumerable.Range(0, State.Partitions).Select(p => Partition(p).GetProgressAsync()));
        var letters = partitions.SelectMany(p => p.DeadLetters).ToList();
        return new SubscriptionStatus(
            Name,
            settings,
            partitions.Select(p => p.Progress).ToList(),
            partitions.Sum(p => p.Progress.Delivered),
            partitions.Sum(p => p.Progress.Failed),
            partitions.Sum(p => p.Progress.DeadLettered),
            letters.Count,
            letters.Count > 0 ? letters.Min(l => l.DeadLetteredAt) : null);
    }

    public async Task<IReadOnlyList<TopicMessage>> PullAsync(int max)
    {
        EnsureExists();
        // Each pull starts one partition further on, so a backlog in one partition cannot starve the others.
        var first = _nextPullPartition % State.Partitions;
        _nextPullPartition = (first + 1) % State.Partitions;
        var messages = new List<TopicMessage>();
        for (var i = 0; i < State.Partitions && messages.Count < max; i++)
        {
            messages.AddRange(await Partition((first + i) % State.Partitions).PullAsync(max - messages.Count));
        }

        return messages;
    }

    public Task<IReadOnlyList<TopicMessage>> PullPartitionAsync(int partition, int max) => Partition(EnsurePartition(partition)).PullAsync(max);

    public Task AckAsync(int partition, long offset) => Partition(EnsurePartition(partition)).AckAsync(offset);

    public Task NackAsync(int partition, long offset, string error) => Partition(EnsurePartition(partition)).NackAsync(offset, error);

    public Task GiveUpAsync(int partition, long offset, int attempts, string error) =>
        Partition(EnsurePartition(partition)).GiveUpAsync(offset, attempts, error);

    public async Task<IReadOnlyList<DeadLetter>> GetDeadLettersAsync() =>
        (await GetStatusPartsAsync()).SelectMany(p => p.DeadLetters).OrderBy(l => l.DeadLetteredAt).ThenBy(l => l.Partition).ThenBy(l => l.Offset).ToList();

    public async Task<int> RedriveAsync(IReadOnlyList<string>? ids)
    {
        EnsureExists();
        if (ids is not { Count: > 0 })
        {
            return (await Task.WhenAll(Enumerable.Range(0, State.Partitions).Select(p => Partition(p).RedriveAsync(null)))).Sum();
        }

        var byPartition = ids.Select(ParseDeadLetterId).GroupBy(x => x.Partition);
        return (await Task.WhenAll(byPartition.Select(g => Partition(g.Key).RedriveAsync(g.Select(x => x.Offset).ToList())))).Sum();
    }

    public Task<bool> DeleteDeadLetterAsync(string id)
    {
        EnsureExists();
        var (partition, offset) = ParseDeadLetterId(id);
        return Partition(partition).DeleteDeadLetterAsync(offset);
    }

    public async Task SeekAsync(StartPosition position)
    {
        var settings = EnsureExists();
        if (position.Offsets?.Keys.Where(p => p >= State.Partitions).ToList() is { Count: > 0 } unknown)
        {
            throw new PlatformValidationException("offset", $"Partition {unknown[0]} does not exist; the topic has {State.Partitions}.");
        }

        // An offset map moves only the partitions it names.
        var partitions = position.Kind == StartKind.Offsets
            ? Enumerable.Range(0, State.Partitions).Where(p => position.Offsets?.ContainsKey(p) == true)
            : Enumerable.Range(0, State.Partitions);
        await Task.WhenAll(partitions.Select(async p => await Partition(p).SeekAsync(await StartOffsetAsync(settings.Topic, p, position))));
    }

    private async Task<(PartitionProgress Progress, IReadOnlyList<DeadLetter> DeadLetters)[]> GetStatusPartsAsync()
    {
        EnsureExists();
        return await Task.WhenAll(Enumerable.Range(0, State.Partitions).Select(p => Partition(p).GetProgressAsync()));
    }

    /// <summary>Turns a start position into one partition's offset.</summary>
    private async Task<long> StartOffsetAsync(string topic, int partition, StartPosition position)
    {
        var stream = TopicPartitionGrain.LogStreamOf(topic, partition);
        return position.Kind switch
        {
            StartKind.Earliest => 0,
            StartKind.Latest => (await Log.GetStreamInfoAsync(stream, CancellationToken.None))?.Version ?? 0,
            StartKind.Offsets => position.Offsets?.GetValueOrDefault(partition) ?? 0,
            StartKind.Time => (await Log.FindVersionAtAsync(stream, position.Time!.Value, CancellationToken.None)) is { } version
                ? version - 1
                : (await Log.GetStreamInfoAsync(stream, CancellationToken.None))?.Version ?? 0,
            _ => 0,
        };
    }

    /// <summary>
    /// A webhook secret is stored apart and journaled by reference: journals are readable by anything that reads the
    /// log. The reference hashes the value, so a changed secret is a changed setting.
    /// </summary>
    private async Task<SubscriptionSettings> KeepSecretApartAsync(SubscriptionSettings settings) =>
        settings.Delivery.Secret is { Length: > 0 } secret
            ? settings with { Delivery = settings.Delivery with { Secret = null, SecretRef = await secrets.SaveAsync($"webhook:{Name}", secret, CancellationToken.None) } }
            : settings;

    // Records compare their lists by reference; the serialized form compares what matters.
    private static bool SameSettings(SubscriptionSettings a, SubscriptionSettings b) => BusJson.Write(a) == BusJson.Write(b);

    private async Task<long> FeedStartAsync(StartPosition start) => start.Kind switch
    {
        StartKind.Latest => await Log.GetEndPositionAsync(CancellationToken.None),
        _ => 0,
    };

    private SubscriptionSettings EnsureExists() => State.Settings ?? throw new ResourceNotFoundException("subscription", Name);

    private int EnsurePartition(int partition)
    {
        EnsureExists();
        return partition >= 0 && partition < State.Partitions
            ? partition
            : throw new PlatformValidationException("partition", $"Subscription '{Name}' has partitions 0 to {State.Partitions - 1}.");
    }

    private (int Partition, long Offset) ParseDeadLetterId(string id)
    {
        var parts = id.Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], out var partition) && long.TryParse(parts[1], out var offset)
            ? (EnsurePartition(partition), offset)
            : throw new ResourceNotFoundException("dead letter", id);
    }

    private ISubscriptionPartitionGrain Partition(int partition) => GrainFactory.GetGrain<ISubscriptionPartitionGrain>(BusRules.PartitionKey(Name, partition));
}
