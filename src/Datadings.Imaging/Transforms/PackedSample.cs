using System.Buffers;
using System.Text;
using Datadings.Msgpack;

namespace Datadings.Transforms;

/// <summary>
/// A sample as its fields' encoded msgpack values, edited by a transform without decoding them: a field the script
/// does not touch is copied as the bytes it was read as, and a cached field is spliced in as the bytes it was stored
/// as. Decoding a 40 kB photo only to encode it again is most of what an unchanged sample would otherwise cost.
/// Fields whose names are not strings (see <see cref="Sample.NonStringFields"/>) keep their place; no statement
/// names them.
/// </summary>
internal sealed class PackedSample
{
    private readonly List<Field> _fields;

    /// <summary>A field: its name (null if not a string), the name's encoding as read (empty for a new name) and its encoded value.</summary>
    private readonly record struct Field(string? Name, ReadOnlyMemory<byte> EncodedName, ReadOnlyMemory<byte> Value);

    private PackedSample(List<Field> fields, string key)
    {
        _fields = fields;
        Key = key;
    }

    /// <summary>The input sample's key, for messages.</summary>
    public string Key { get; }

    /// <summary>The string field names in order, for messages.</summary>
    public IEnumerable<string> Names => _fields.Where(f => f.Name is not null).Select(f => f.Name!);

    public int Count => _fields.Count;

    /// <summary>Splits a packed sample (a msgpack map with a str "key") into its fields; names and values stay slices of <paramref name="packed"/>.</summary>
    /// <exception cref="DatadingsFormatException">Not such a map (offsets relative to the sample).</exception>
    public static PackedSample Parse(ReadOnlyMemory<byte> packed)
    {
        var reader = new MsgpackReader(packed.Span);
        int count = reader.ReadMapHeader();
        var fields = new List<Field>(count + 1);
        string? key = null;
        for (int i = 0; i < count; i++)
        {
            int nameStart = reader.Position;
            string? name = reader.PeekFormat() == MsgpackFormat.String ? reader.ReadString() : null;
            if (name is null) reader.Skip();
            int start = reader.Position;
            reader.Skip();
            var value = packed[start..reader.Position];
            if (name == Sample.KeyField) key = KeyOf(value.Span, start);
            fields.Add(new Field(name, packed[nameStart..start], value));
        }
        if (!reader.End) throw new DatadingsFormatException($"{reader.Remaining} bytes follow the sample's map", offset: reader.Position);
        return new PackedSample(fields, key ?? throw new DatadingsFormatException("the sample has no \"key\" field", offset: 0));
    }

    private static string KeyOf(ReadOnlySpan<byte> value, int offset)
    {
        var reader = new MsgpackReader(value);
        if (reader.PeekFormat() != MsgpackFormat.String)
            throw new DatadingsFormatException($"the sample's \"key\" is a {reader.PeekFormat()}, not a string", offset: offset);
        return reader.ReadString();
    }

    public int IndexOf(string name)
    {
        for (int i = 0; i < _fields.Count; i++)
            if (_fields[i].Name == name) return i;
        return -1;
    }

    public bool TryGetValue(string name, out ReadOnlyMemory<byte> value)
    {
        int index = IndexOf(name);
        value = index >= 0 ? _fields[index].Value : default;
        return index >= 0;
    }

    /// <summary>Replaces the field's value in its place, or appends the field.</summary>
    public void Set(string name, ReadOnlyMemory<byte> value)
    {
        int index = IndexOf(name);
        if (index >= 0) _fields[index] = _fields[index] with { Value = value };
        else _fields.Add(new Field(name, default, value));
    }

    public void Remove(string name)
    {
        int index = IndexOf(name);
        if (index >= 0) _fields.RemoveAt(index);
    }

    public void Insert(int index, string name, ReadOnlyMemory<byte> value) => _fields.Insert(index, new Field(name, default, value));

    /// <summary>Removes every string-named field but "key" and <paramref name="kept"/>.</summary>
    public void Keep(IReadOnlyCollection<string> kept) => _fields.RemoveAll(f => f.Name is not null && f.Name != Sample.KeyField && !kept.Contains(f.Name));

    /// <summary>Encodes the sample as one map, fields in order; returns its "key" (the writer indexes by it).</summary>
    /// <exception cref="TransformException">The script left no string "key" field.</exception>
    public string WriteTo(IBufferWriter<byte> output)
    {
        int index = IndexOf(Sample.KeyField);
        if (index < 0 || new MsgpackReader(_fields[index].Value.Span).PeekFormat() != MsgpackFormat.String)
            throw new TransformException(TransformError.SampleDoesNotFit,
                $"sample '{Key}': the script leaves {(index < 0 ? "no \"key\" field" : "a \"key\" that is not a string")}; every sample needs its string key");
        var writer = new MsgpackWriter(output);
        writer.WriteMapHeader(_fields.Count);
        foreach (var field in _fields)
        {
            if (field.EncodedName.IsEmpty) writer.WriteString(field.Name!);
            else writer.WriteRaw(field.EncodedName.Span);
            writer.WriteRaw(field.Value.Span);
        }
        return KeyOf(_fields[index].Value.Span, 0);
    }

    /// <summary>An upper bound of the bytes <see cref="WriteTo"/> writes (a new name's header is at most 5 bytes).</summary>
    public int MaxEncodedLength
    {
        get
        {
            int length = 5;
            foreach (var f in _fields)
                length += (f.EncodedName.IsEmpty ? 5 + Encoding.UTF8.GetByteCount(f.Name!) : f.EncodedName.Length) + f.Value.Length;
            return length;
        }
    }

    /// <summary>
    /// A computed field's stored bytes as one encoded value per target: the value itself for one target, the
    /// elements of its array for several. Null when the bytes are not exactly that (then they are not copied).
    /// </summary>
    public static ReadOnlyMemory<byte>[]? Split(ReadOnlyMemory<byte> packed, int targets)
    {
        try
        {
            var reader = new MsgpackReader(packed.Span);
            if (targets > 1 && (reader.PeekFormat() != MsgpackFormat.Array || reader.ReadArrayHeader() != targets))
                return null;
            var values = new ReadOnlyMemory<byte>[targets];
            for (int i = 0; i < targets; i++)
            {
                int start = reader.Position;
                reader.Skip();
                values[i] = packed[start..reader.Position];
            }
            return reader.Remaining == 0 ? values : null;
        }
        catch (Exception e) when (e is DatadingsFormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
