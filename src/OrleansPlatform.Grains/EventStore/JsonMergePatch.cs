using System.Text.Json.Nodes;

namespace OrleansPlatform.Grains.EventStore;

/// <summary>The default fold of a stream: RFC 7396 JSON merge-patch of each event's data onto the state.</summary>
public static class JsonMergePatch
{
    public static JsonObject Apply(JsonObject target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return target;
        }

        foreach (var (name, value) in patchObject.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject nested)
            {
                if (target[name] is JsonObject existing)
                {
                    Apply(existing, nested);
                }
                else
                {
                    target[name] = Apply(new JsonObject(), nested);
                }
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }

        return target;
    }
}
