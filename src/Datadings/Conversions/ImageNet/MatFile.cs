using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Datadings.Conversions.ImageNet;

/// <summary>A value of a MAT-file: numbers, text, a struct array or a cell array, each with its MATLAB dimensions.</summary>
internal abstract record MatValue(int[] Dimensions)
{
    public int Count => Dimensions.Aggregate(1, (a, d) => a * d);
}

/// <summary>A numeric (or logical) array, converted to doubles, column-major.</summary>
internal sealed record MatNumbers(int[] Dimensions, double[] Values) : MatValue(Dimensions);

/// <summary>A char array; a row vector (the usual string) reads as its text.</summary>
internal sealed record MatText(int[] Dimensions, string Text) : MatValue(Dimensions);

/// <summary>A struct array: its field names and, per element (column-major), one value per field.</summary>
internal sealed record MatStruct(int[] Dimensions, IReadOnlyList<string> Fields, IReadOnlyList<MatValue[]> Elements) : MatValue(Dimensions)
{
    public MatValue Field(int element, string name)
    {
        int index = Fields.ToList().IndexOf(name);
        return index >= 0 ? Elements[element][index] : throw new InvalidDataException($"the struct has no field '{name}' (its fields: {string.Join(", ", Fields)})");
    }
}

internal sealed record MatCell(int[] Dimensions, IReadOnlyList<MatValue> Cells) : MatValue(Dimensions);

/// <summary>
/// Reads the top-level variables of a MATLAB Level 5 MAT-file (the format of "MAT-File Format", MathWorks, R2024a,
/// chapter 1; MATLAB's default up to v7, zlib-compressed elements included), as far as the ILSVRC devkit's
/// <c>meta.mat</c> needs: numeric, logical, char, struct and cell arrays. Sparse arrays, objects, function handles
/// and complex parts are refused or skipped; v7.3 files (HDF5) are refused. Errors are <see cref="InvalidDataException"/>s
/// naming the byte offset (within the file, or within a compressed element).
/// </summary>
internal static class MatFile
{
    private const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7, MiDouble = 9,
        MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15, MiUtf8 = 16, MiUtf16 = 17, MiUtf32 = 18;

    private const int MxCell = 1, MxStruct = 2, MxChar = 4, MxSparse = 5;

    public static IReadOnlyDictionary<string, MatValue> Read(byte[] file)
    {
        if (file.Length < 128) throw new InvalidDataException($"not a MAT-file: {file.Length} bytes, shorter than the 128-byte header");
        if (Encoding.ASCII.GetString(file, 0, 10) == "MATLAB 7.3")
            throw new InvalidDataException("a MAT-file v7.3 (HDF5) is not supported; save it with -v7");
        if (!Encoding.ASCII.GetString(file, 0, 6).Equals("MATLAB", StringComparison.Ordinal))
            throw new InvalidDataException("not a MAT-file: the header does not start with 'MATLAB'");
        if (file[126] != (byte)'I' || file[127] != (byte)'M')
            throw new InvalidDataException("a big-endian MAT-file (endian indicator 'MI') is not supported");
        var variables = new Dictionary<string, MatValue>(StringComparer.Ordinal);
        ReadElements(file.AsSpan(128), 128, variables);
        return variables;
    }

    private static void ReadElements(ReadOnlySpan<byte> data, long origin, Dictionary<string, MatValue> variables)
    {
        int pos = 0;
        while (pos + 8 <= data.Length)
        {
            var (type, size, body, next) = Tag(data, pos, origin);
            if (type == MiCompressed)
                ReadElements(Inflate(data.Slice(body, size), origin + body), 0, variables);
            else if (type == MiMatrix)
            {
                var (name, value) = Matrix(data.Slice(body, size), origin + body);
                if (value is not null) variables[name] = value;
            }
            pos = next;
        }
    }

    // A tag: (type, byte count, where the data starts, where the next element starts). The small format packs up to
    // 4 bytes of data into the tag itself (byte count in the upper 16 bits of the first word).
    private static (int Type, int Size, int Body, int Next) Tag(ReadOnlySpan<byte> data, int pos, long origin)
    {
        if (pos + 8 > data.Length) throw new InvalidDataException($"a data element tag at byte {origin + pos} is cut off");
        uint first = BinaryPrimitives.ReadUInt32LittleEndian(data[pos..]);
        if (first >> 16 != 0) return ((int)(first & 0xFFFF), (int)(first >> 16), pos + 4, pos + 8);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 4)..]);
        if (size > data.Length - pos - 8)
            throw new InvalidDataException($"the data element at byte {origin + pos} declares {size} bytes, but only {data.Length - pos - 8} follow");
        // Compressed elements are not padded; every other element is padded to 8 bytes.
        long next = pos + 8 + ((int)first == MiCompressed ? size : (size + 7) / 8 * 8);
        return ((int)first, (int)size, pos + 8, (int)Math.Min(next, data.Length));
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed, long origin)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"the compressed element at byte {origin} is damaged: {e.Message}", e);
        }
    }

    // The body of an miMATRIX element: array flags, dimensions, name, then the class's parts. Null for a class that
    // is skipped (objects, function handles, sparse).
    private static (string Name, MatValue? Value) Matrix(ReadOnlySpan<byte> data, long origin)
    {
        if (data.Length == 0) return ("", new MatNumbers([0, 0], [])); // an empty array written as a bare tag
        int pos = 0;
        var flags = Sub(data, ref pos, origin);
        int mxClass = flags.Length >= 1 ? flags[0] : throw new InvalidDataException($"array flags missing at byte {origin}");
        var dimsBytes = Sub(data, ref pos, origin);
        var dims = new int[dimsBytes.Length / 4];
        for (int i = 0; i < dims.Length; i++) dims[i] = BinaryPrimitives.ReadInt32LittleEndian(dimsBytes[(4 * i)..]);
        string name = Encoding.ASCII.GetString(Sub(data, ref pos, origin));
        int count = dims.Aggregate(1, (a, d) => a * d);
        switch (mxClass)
        {
            case MxCell:
            {
                var cells = new List<MatValue>(count);
                for (int i = 0; i < count; i++) cells.Add(Child(data, ref pos, origin));
                return (name, new MatCell(dims, cells));
            }
            case MxStruct:
            {
                var lengthBytes = Sub(data, ref pos, origin);
                int fieldLength = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
                var namesBytes = Sub(data, ref pos, origin);
                if (fieldLength <= 0 || namesBytes.Length % fieldLength != 0)
                    throw new InvalidDataException($"struct field names of {namesBytes.Length} bytes are not a multiple of the name length {fieldLength} (at byte {origin + pos})");
                var fields = new List<string>();
                for (int f = 0; f < namesBytes.Length / fieldLength; f++)
                    fields.Add(Encoding.ASCII.GetString(namesBytes.Slice(f * fieldLength, fieldLength)).TrimEnd('\0'));
                var elements = new List<MatValue[]>(count);
                for (int e = 0; e < count; e++)
                {
                    var values = new MatValue[fields.Count];
                    for (int f = 0; f < fields.Count; f++) values[f] = Child(data, ref pos, origin);
                    elements.Add(values);
                }
                return (name, new MatStruct(dims, fields, elements));
            }
            case MxChar:
            {
                var bytes = SubTyped(data, ref pos, origin, out int type);
                string text = type switch
                {
                    MiUtf8 or MiUInt8 or MiInt8 => Encoding.UTF8.GetString(bytes),
                    MiUtf16 or MiUInt16 => Encoding.Unicode.GetString(bytes),
                    MiUtf32 => Encoding.UTF32.GetString(bytes),
                    _ => throw new InvalidDataException($"char data of type {type} at byte {origin + pos}"),
                };
                return (name, new MatText(dims, text));
            }
            case MxSparse: return (name, null);
            case >= 6 and <= 15:
            {
                var bytes = SubTyped(data, ref pos, origin, out int type);
                var values = Numbers(type, bytes, origin + pos);
                if (values.Length != count)
                    throw new InvalidDataException($"the array '{name}' of {string.Join('×', dims)} holds {values.Length} values (at byte {origin + pos})");
                return (name, new MatNumbers(dims, values));
            }
            default: return (name, null); // objects (3), function handles (16), opaque (17): not needed here
        }
    }

    private static MatValue Child(ReadOnlySpan<byte> data, ref int pos, long origin)
    {
        var (type, size, body, next) = Tag(data, pos, origin);
        if (type != MiMatrix) throw new InvalidDataException($"expected a matrix element at byte {origin + pos}, found type {type}");
        var (_, value) = Matrix(data.Slice(body, size), origin + body);
        pos = next;
        return value ?? new MatNumbers([0, 0], []);
    }

    private static ReadOnlySpan<byte> Sub(ReadOnlySpan<byte> data, ref int pos, long origin) => SubTyped(data, ref pos, origin, out _);

    private static ReadOnlySpan<byte> SubTyped(ReadOnlySpan<byte> data, ref int pos, long origin, out int type)
    {
        (type, int size, int body, int next) = Tag(data, pos, origin);
        pos = next;
        return data.Slice(body, size);
    }

    // Numeric data may be stored in a smaller type than its class (MATLAB writes doubles 1…255 as miUINT8).
    private static double[] Numbers(int type, ReadOnlySpan<byte> b, long offset)
    {
        int width = type switch
        {
            MiInt8 or MiUInt8 => 1, MiInt16 or MiUInt16 => 2, MiInt32 or MiUInt32 or MiSingle => 4, MiDouble or MiInt64 or MiUInt64 => 8,
            _ => throw new InvalidDataException($"numeric data of type {type} at byte {offset}"),
        };
        var values = new double[b.Length / width];
        for (int i = 0; i < values.Length; i++)
        {
            var s = b[(i * width)..];
            values[i] = type switch
            {
                MiInt8 => (sbyte)s[0], MiUInt8 => s[0],
                MiInt16 => BinaryPrimitives.ReadInt16LittleEndian(s), MiUInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s),
                MiInt32 => BinaryPrimitives.ReadInt32LittleEndian(s), MiUInt32 => BinaryPrimitives.ReadUInt32LittleEndian(s),
                MiSingle => BinaryPrimitives.ReadSingleLittleEndian(s), MiDouble => BinaryPrimitives.ReadDoubleLittleEndian(s),
                MiInt64 => BinaryPrimitives.ReadInt64LittleEndian(s), _ => BinaryPrimitives.ReadUInt64LittleEndian(s),
            };
        }
        return values;
    }
}
