using OrleansPlatform.Contracts.Errors;
using OrleansPlatform.Contracts.Projections;
using OrleansPlatform.Tests.Api;

namespace OrleansPlatform.Tests.Projections;

/// <summary>A projection's journaled lifecycle: versions built beside the serving one, promotion, pause, halt, delete.</summary>
[Collection(SqliteApiCollection.Name)]
public sealed class ProjectionGrainTests(SqlitePlatformFixture platform)
{
    private static readonly ProjectionDefinition Orders = new(new ProjectionSource("order-"));

    private IProjectionGrain NewProjection() =>
        platform.Host.Service<IGrainFactory>().GetGrain<IProjectionGrain>("p-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Put_SameThenChanged_FirstServesChangedBuildsBeside()
    {
        var projection = NewProjection();

        var (created, isNew) = await projection.PutAsync(Orders);
        var (same, sameIsNew) = await projection.PutAsync(Orders with { Source = new ProjectionSource("order-") });
        var (changed, changedIsNew) = await projection.PutAsync(Orders with { PartitionBy = "/data/customerId" });

        Assert.True(isNew);
        Assert.Equal(1, created.Serving.Version);
        Assert.Null(created.Building);
        Assert.False(sameIsNew);
        Assert.Equal(created, same);
        Assert.False(changedIsNew);
        Assert.Equal(1, changed.Serving.Version);
        Assert.Equal(2, changed.Building?.Version);
    }

    [Fact]
    public async Task Promote_BuildingVersion_ServesItAndStaleCallChangesNothing()
    {
        var projection = NewProjection();
        await projection.PutAsync(Orders);
        // Paused, nothing promotes the building version on its own.
        await projection.PauseAsync();
        await projection.RebuildAsync();

        var stale = await projection.PromoteAsync(7);
        var promoted = await projection.PromoteAsync(2);

        Assert.Equal(2, stale!.Building?.Version);
        Assert.Equal(2, promoted!.Serving.Version);
        Assert.Null(promoted.Building);
    }

    [Fact]
    public async Task HaltPauseResume_Lifecycle_ResumeClearsHalt()
    {
        var projection = NewProjection();
        await projection.PutAsync(Orders with { OnError = ProjectionErrorMode.Halt });

        await projection.HaltAsync(1, 42, "increment '/n' is not a number.");
        var halted = await projection.GetAsync();
        var paused = await projection.PauseAsync();
        var resumed = await projection.ResumeAsync();

        Assert.Equal(new ProjectionHalt(1, 42, "increment '/n' is not a number."), halted!.Halt);
        Assert.True(paused.Paused);
        Assert.False(resumed.Paused);
        Assert.Null(resumed.Halt);
    }

    [Fact]
    public async Task Delete_ThenPutAgain_StartsAfterTheOldVersions()
    {
        var projection = NewProjection();
        await projection.PutAsync(Orders);
        await projection.RebuildAsync();

        Assert.True(await projection.DeleteAsync());
        Assert.False(await projection.DeleteAsync());
        Assert.Null(await projection.GetAsync());
        await Assert.ThrowsAsync<ResourceNotFoundException>(projection.PauseAsync);
        var (again, created) = await projection.PutAsync(Orders);

        Assert.True(created);
        Assert.Equal(3, again.Serving.Version);
    }

    [Fact]
    public async Task Put_InvalidDefinition_ThrowsValidationNamingTheField()
    {
        var error = await Assert.ThrowsAsync<PlatformValidationException>(() => NewProjection().PutAsync(Orders with { PartitionBy = "customer" }));

        Assert.Equal(["partitionBy"], error.Errors.Keys);
    }
}
