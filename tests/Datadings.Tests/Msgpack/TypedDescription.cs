using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Datadings.Msgpack;

namespace Datadings.Tests.Msgpack;

/// <summary>
/// Builds the CLR values a typed description in NAME.json stands for (see vectors/datadings/INDEX.txt),
/// independently of the decoder, and compares decoded values with them structurally.
/// </summary>
internal static class TypedDescription
{
    public static Sample ToSample(JsonElement description)
    {
        Assert.Equal("map", description.GetProperty("t").GetString());
        var sample = new Sample();
        foreach (var entry in description.GetProperty("entries").EnumerateArray())
            sample.Add((string)ToClr(entry[0])!, ToClr(entry[1]));
        return sample;
    }

    public static object? ToClr(JsonElement d)
    {
        switch (d.GetProperty("t").GetString())
        {
            case "nil":
                return null;
            case "bool":
                return d.GetProperty("value").GetBoolean();
            case "int":
                var big = BigInteger.Parse(d.GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
                return big <= long.MaxValue ? (object)(long)big : (ulong)big;
            case "float":
                return BitConverter.Int64BitsToDouble((long)Convert.ToUInt64(d.GetProperty("f64_be_hex").GetString(), 16));
            case "str":
                return Encoding.UTF8.GetString(Hex(d, "utf8_hex"));
            case "bytes":
                return Hex(d, "hex");
            case "list":
                var items = new List<object?>();
                foreach (var item in d.GetProperty("items").EnumerateArray())
                    items.Add(ToClr(item));
                // Tuples are written as arrays too; building them as CLR arrays exercises that encoder path.
                return d.GetProperty("from_tuple").GetBoolean() ? items.ToArray() : items;
            case "map":
                var map = new MsgpackMap();
                foreach (var entry in d.GetProperty("entries").EnumerateArray())
                    map.Add(ToClr(entry[0]) ?? MsgpackNil.Value, ToClr(entry[1]));
                return map;
            case "ndarray":
                var shape = new List<long>();
                foreach (var dim in d.GetProperty("shape").EnumerateArray())
                    shape.Add(dim.GetInt64());
                return NdArray.FromBytes(d.GetProperty("dtype").GetString()!, shape.ToArray(), Hex(d, "data_hex"));
            case "npscalar":
                return new NpScalar(d.GetProperty("dtype").GetString()!, Hex(d, "data_hex"));
            case "complex":
                return new PyComplex(d.GetProperty("repr").GetString()!);
            case var other:
                throw new InvalidOperationException($"unknown typed description '{other}'");
        }
    }

    private static byte[] Hex(JsonElement d, string property) => Convert.FromHexString(d.GetProperty(property).GetString()!);

    /// <summary>Same structure and same values; floats by their bits, bytes by content, maps in order.</summary>
    public static void AssertSame(object? expected, object? actual, string path, bool zeroCopy = false)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected nil, got {actual}");
                break;
            case double e:
                var a = Assert.IsType<double>(actual);
                Assert.True(BitConverter.DoubleToInt64Bits(e) == BitConverter.DoubleToInt64Bits(a), $"{path}: expected {e:R}, got {a:R}");
                break;
            case byte[] bytes:
                Assert.True(zeroCopy ? actual is ReadOnlyMemory<byte> : actual is byte[], $"{path}: expected {(zeroCopy ? "ReadOnlyMemory<byte>" : "byte[]")}, got {actual?.GetType()}");
                var actualBytes = actual is byte[] ab ? ab : ((ReadOnlyMemory<byte>)actual!).ToArray();
                Assert.True(bytes.AsSpan().SequenceEqual(actualBytes), $"{path}: bytes differ");
                break;
            case IDictionary expectedMap:
                var actualMap = Assert.IsAssignableFrom<IDictionary>(actual);
                Assert.True(expectedMap.Count == actualMap.Count, $"{path}: expected {expectedMap.Count} entries, got {actualMap.Count}");
                var actualEntries = new List<DictionaryEntry>();
                foreach (DictionaryEntry entry in actualMap)
                    actualEntries.Add(entry);
                int i = 0;
                foreach (DictionaryEntry entry in expectedMap)
                {
                    AssertSame(entry.Key, actualEntries[i].Key, $"{path}.key#{i}");
                    AssertSame(entry.Value, actualEntries[i].Value, $"{path}[{entry.Key}]", zeroCopy);
                    i++;
                }
                break;
            case IList expectedList when expected is not byte[]:
                var actualList = Assert.IsType<List<object?>>(actual);
                Assert.True(expectedList.Count == actualList.Count, $"{path}: expected {expectedList.Count} items, got {actualList.Count}");
                for (int j = 0; j < expectedList.Count; j++)
                    AssertSame(expectedList[j], actualList[j], $"{path}[{j}]", zeroCopy);
                break;
            default:
                Assert.True(actual is not null && expected.GetType() == actual.GetType(), $"{path}: expected {expected.GetType().Name}, got {actual?.GetType().Name}");
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                break;
        }
    }
}
