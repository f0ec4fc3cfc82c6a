using System.Globalization;
using Datadings.Conversions;

namespace Datadings.Build.Tasks.Remote;

/// <summary>
/// DatadingsShardIndex / DatadingsShardCount as one build reads them: neither set = an ordinary build; both = a shard
/// build converting <see cref="ShardSlice"/>; the count alone = an assembling build.
/// </summary>
internal static class ShardSettings
{
    /// <summary>False when the values are not a whole count ≥ 1 and (if given) an index in 0 … count-1.</summary>
    public static bool TryRead(string? shardIndex, string? shardCount, out ShardSlice? slice, out bool assembling)
    {
        slice = null;
        assembling = false;
        bool hasIndex = !string.IsNullOrWhiteSpace(shardIndex), hasCount = !string.IsNullOrWhiteSpace(shardCount);
        if (!hasIndex && !hasCount) return true;
        if (!int.TryParse(shardCount, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1
            || (hasIndex && (!int.TryParse(shardIndex, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= count)))
            return false;
        if (hasIndex) slice = new ShardSlice(int.Parse(shardIndex!, CultureInfo.InvariantCulture), count);
        else assembling = true;
        return true;
    }
}
