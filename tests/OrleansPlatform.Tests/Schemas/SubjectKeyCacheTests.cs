using System.ComponentModel.DataAnnotations;
using OrleansPlatform.Grains.Erasure;

namespace OrleansPlatform.Tests.Schemas;

public sealed class SubjectKeyCacheTests
{
    [Fact]
    public void GetOrAdd_PastCapacity_DropsTheOldestAndStaysBounded()
    {
        var cache = new SubjectKeyCache(3);

        for (var i = 0; i < 10; i++)
        {
            cache.GetOrAdd($"s{i}", [(byte)i]);
        }

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet("s0", out _));
        Assert.True(cache.TryGet("s9", out var key));
        Assert.Equal([9], key);
    }

    [Fact]
    public void Set_ErasureMark_ReplacesTheHeldKey()
    {
        var cache = new SubjectKeyCache(3);
        cache.GetOrAdd("s", [1]);

        cache.Set("s", []);

        Assert.True(cache.TryGet("s", out var key));
        Assert.Empty(key);
        Assert.Equal(1, cache.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public void ErasureOptions_KeyCacheSizeTooSmall_IsInvalid(int size)
    {
        var options = new ErasureOptions { KeyCacheSize = size };

        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(ErasureOptions.KeyCacheSize)));
    }
}
