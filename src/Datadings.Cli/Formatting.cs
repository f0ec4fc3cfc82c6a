using System.Collections;
using System.Globalization;
using Datadings.Msgpack;

namespace Datadings.Cli;

/// <summary>Human-readable sizes, durations and value type names shared by the commands.</summary>
internal static class Formatting
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]} ({bytes} bytes)");
    }

    public static string Duration(double seconds) =>
        seconds < 60 ? $"{seconds:0}s" : seconds < 3600 ? $"{(int)seconds / 60}m{(int)seconds % 60:00}s" : $"{(int)seconds / 3600}h{(int)seconds / 60 % 60:00}m";

    public static string Number(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>The Python-side type name of a decoded value (what the producer of the dataset wrote).</summary>
    public static string TypeName(object? value) => value switch
    {
        null or MsgpackNil => "None",
        bool => "bool",
        string => "str",
        byte[] or ReadOnlyMemory<byte> => "bytes",
        double or float => "float",
        long or int or ulong or uint or short or ushort or sbyte or byte or System.Numerics.BigInteger => "int",
        NdArray array => $"ndarray[{array.Dtype ?? "?"}]",
        NpScalar scalar => $"numpy.{scalar.Dtype ?? "?"}",
        PyComplex => "complex",
        MsgpackTimestamp => "timestamp",
        MsgpackExtension => "ext",
        IDictionary => "dict",
        IEnumerable => "list",
        _ => value.GetType().Name,
    };
}
