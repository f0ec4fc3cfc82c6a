namespace Datadings.Msgpack;

/// <summary>
/// Decoded strings of short map keys, per thread. Field names repeat in every sample, so decoding them once
/// saves a UTF-8 decode and a string allocation per field per sample.
/// </summary>
/// <remarks>
/// Direct-mapped (one entry per slot, newest wins), so it never grows and needs no locking. A hit compares the
/// bytes in full, so a cached string is always exactly the decoding of those bytes (and they were valid UTF-8).
/// </remarks>
internal static class Utf8KeyCache
{
    private const int MaxCachedLength = 48;
    private const int SlotCount = 512;

    [ThreadStatic]
    private static Entry?[]? t_slots;

    public static string GetString(ReadOnlySpan<byte> utf8, int offset)
    {
        if (utf8.Length > MaxCachedLength)
            return MsgpackReader.DecodeUtf8(utf8, offset);
        if (utf8.IsEmpty)
            return string.Empty;
        var slots = t_slots ??= new Entry?[SlotCount];
        ref Entry? slot = ref slots[Hash(utf8) & (SlotCount - 1)];
        var entry = slot;
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
            return entry.Value;
        string value = MsgpackReader.DecodeUtf8(utf8, offset);
        slot = new Entry(utf8.ToArray(), value);
        return value;
    }

    // FNV-1a: keys are short, so a simple byte loop is cheaper than anything vectorised.
    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
            hash = (hash ^ b) * 16777619;
        return hash ^ (hash >> 15);
    }

    private sealed class Entry(byte[] utf8, string value)
    {
        public readonly byte[] Utf8 = utf8;
        public readonly string Value = value;
    }
}
