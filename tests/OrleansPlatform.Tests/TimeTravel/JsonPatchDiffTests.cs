using System.Text.Json.Nodes;
using OrleansPlatform.Grains.TimeTravel;

namespace OrleansPlatform.Tests.TimeTravel;

public sealed class JsonPatchDiffTests
{
    private static readonly string[] Keys = ["a", "b", "c", "a/b", "~", "~1", "x~0/y", "", "0"];

    [Fact]
    public void Diff_RandomPairs_ApplyGivesTheTarget()
    {
        var random = new Random(12);
        for (var i = 0; i < 500; i++)
        {
            var a = RandomNode(random, 0);
            var b = random.Next(3) == 0 ? Mutate(random, a) : RandomNode(random, 0);

            var patch = JsonPatchDiff.Diff(a, b);

            var applied = StrictJsonPatch.Apply(patch, a);
            Assert.True(JsonNode.DeepEquals(b, applied), $"pair {i}: {a?.ToJsonString()} -> {b?.ToJsonString()} via {patch.ToJsonString()} gave {applied?.ToJsonString()}");
        }
    }

    [Fact]
    public void Diff_EqualDocuments_IsEmpty()
    {
        Assert.Empty(JsonPatchDiff.Diff(JsonNode.Parse("""{"a":[1,{"b":null}]}"""), JsonNode.Parse("""{"a":[1,{"b":null}]}""")));
    }

    [Fact]
    public void Diff_Objects_AddsRemovesAndReplacesMembers()
    {
        var patch = JsonPatchDiff.Diff(JsonNode.Parse("""{"keep":1,"gone":2,"changed":{"x":1}}"""), JsonNode.Parse("""{"keep":1,"changed":{"x":2},"new":true}"""));

        Assert.Equal(
            """[{"op":"remove","path":"/gone"},{"op":"replace","path":"/changed/x","value":2},{"op":"add","path":"/new","value":true}]""",
            patch.ToJsonString());
    }

    [Fact]
    public void Diff_EscapesTildeAndSlashInPaths()
    {
        var patch = JsonPatchDiff.Diff(JsonNode.Parse("""{"a/b":1,"m~n":1}"""), JsonNode.Parse("""{"a/b":2,"m~n":3}"""));

        Assert.Equal(
            """[{"op":"replace","path":"/a~1b","value":2},{"op":"replace","path":"/m~0n","value":3}]""",
            patch.ToJsonString());
    }

    [Fact]
    public void Diff_Arrays_PerIndexThenRemovesFromTheEnd()
    {
        var patch = JsonPatchDiff.Diff(JsonNode.Parse("""{"l":[1,2,3,4]}"""), JsonNode.Parse("""{"l":[1,5]}"""));

        Assert.Equal(
            """[{"op":"replace","path":"/l/1","value":5},{"op":"remove","path":"/l/3"},{"op":"remove","path":"/l/2"}]""",
            patch.ToJsonString());
    }

    [Fact]
    public void Diff_Arrays_GrowByAddingAtTheEnd()
    {
        var patch = JsonPatchDiff.Diff(JsonNode.Parse("[1]"), JsonNode.Parse("[1,2,3]"));

        Assert.Equal("""[{"op":"add","path":"/1","value":2},{"op":"add","path":"/2","value":3}]""", patch.ToJsonString());
    }

    [Fact]
    public void Diff_ArraysWithNothingInCommon_ReplacesTheWholeArray()
    {
        var patch = JsonPatchDiff.Diff(JsonNode.Parse("""{"l":[1,2]}"""), JsonNode.Parse("""{"l":[3]}"""));

        Assert.Equal("""[{"op":"replace","path":"/l","value":[3]}]""", patch.ToJsonString());
    }

    [Fact]
    public void Diff_DifferentKinds_ReplacesTheRoot()
    {
        var patch = JsonPatchDiff.Diff(JsonNode.Parse("""{"a":1}"""), JsonNode.Parse("[1]"));

        Assert.Equal("""[{"op":"replace","path":"","value":[1]}]""", patch.ToJsonString());
    }

    private static JsonNode? RandomNode(Random random, int depth)
    {
        var kind = random.Next(depth > 3 ? 4 : 7);
        switch (kind)
        {
            case 0: return null;
            case 1: return JsonValue.Create(random.Next(4));
            case 2: return JsonValue.Create(Keys[random.Next(Keys.Length)]);
            case 3: return JsonValue.Create(random.Next(2) == 0);
            case 4:
            case 5:
                var obj = new JsonObject();
                foreach (var key in Keys.Where(_ => random.Next(3) == 0))
                {
                    obj[key] = RandomNode(random, depth + 1);
                }

                return obj;
            default:
                var array = new JsonArray();
                for (var n = random.Next(5); n > 0; n--)
                {
                    array.Add(RandomNode(random, depth + 1));
                }

                return array;
        }
    }

    // A near copy: one small change deep inside, the common case of consecutive states.
    private static JsonNode? Mutate(Random random, JsonNode? node)
    {
        var copy = node?.DeepClone();
        switch (copy)
        {
            case JsonObject obj when obj.Count > 0 && random.Next(3) > 0:
                var key = obj.ElementAt(random.Next(obj.Count)).Key;
                obj[key] = Mutate(random, obj[key]);
                return obj;
            case JsonArray array when array.Count > 0 && random.Next(3) > 0:
                var index = random.Next(array.Count);
                array[index] = Mutate(random, array[index]);
                return array;
            default:
                return RandomNode(random, 2);
        }
    }
}
