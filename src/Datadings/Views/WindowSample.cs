using System.Buffers;
using Datadings.Msgpack;

namespace Datadings.Views;

/// <summary>
/// How a view row of several base samples becomes one sample: <c>{"key": K, "samples": [s0, s1, …]}</c>, where
/// each <c>s</c> is a base sample's packed bytes embedded verbatim and K is the base keys joined by
/// <see cref="KeySeparator"/>. Materialized and non-materialized views produce the same bytes.
/// </summary>
public static class WindowSample
{
    public const string SamplesField = "samples";
    public const string KeySeparator = "|";

    public static string Key(IEnumerable<string> baseKeys) => string.Join(KeySeparator, baseKeys);

    public static byte[] Pack(string key, IEnumerable<ReadOnlyMemory<byte>> packedSamples, int count)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MsgpackWriter(buffer);
        writer.WriteMapHeader(2);
        writer.WriteString(Sample.KeyField);
        writer.WriteString(key);
        writer.WriteString(SamplesField);
        writer.WriteArrayHeader(count);
        foreach (var packed in packedSamples) writer.WriteRaw(packed.Span);
        return buffer.WrittenSpan.ToArray();
    }
}
