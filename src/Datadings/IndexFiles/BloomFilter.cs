using System.Buffers.Binary;
using Datadings.Hashing;

namespace Datadings.IndexFiles;

/// <summary>
/// The <c>.filter</c> file: a Bloom filter bit-compatible with Python's simplebloom 1.0.5 (FORMAT.md §6).
/// The in-memory form is the file itself (32-byte header + bit array), so saving is a plain copy.
/// </summary>
public sealed class BloomFilter
{
    public const int HeaderSize = 32;
    private static ReadOnlySpan<byte> Magic => "SIMPBLOO"u8;

    // simplebloom's constants: -ln(2)^2 and ln(2), written as the same double literals.
    private const double MinusLn2Squared = -0.4804530139182015;
    private const double Ln2 = 0.6931471805599453;

    private const int LengthFieldOffset = 8;
    private const int NumElementsFieldOffset = 16;
    private const int ProbabilityFieldOffset = 24;

    private readonly byte[] _file;

    /// <summary>An empty filter sized for <paramref name="numElements"/> keys at the given false positive rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">numElements &lt; 1, probability outside (0, 1), or a filter too big for one array.</exception>
    public BloomFilter(long numElements, double falsePositiveProbability)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numElements, 1);
        if (!(falsePositiveProbability > 0 && falsePositiveProbability < 1))
            throw new ArgumentOutOfRangeException(nameof(falsePositiveProbability), falsePositiveProbability,
                "The false positive probability must be strictly between 0 and 1.");

        (NumBits, NumHashes) = Dimensions(numElements, falsePositiveProbability);
        if (NumBytes > Array.MaxLength - HeaderSize)
            throw new ArgumentOutOfRangeException(nameof(numElements), numElements,
                $"A filter for {numElements} elements at p = {falsePositiveProbability} needs {NumBytes} bytes, more than fit in one array.");

        NumElements = numElements;
        FalsePositiveProbability = falsePositiveProbability;
        _file = new byte[HeaderSize + NumBytes];
        Magic.CopyTo(_file);
        BinaryPrimitives.WriteUInt64BigEndian(_file.AsSpan(LengthFieldOffset), (ulong)_file.Length);
        BinaryPrimitives.WriteUInt64BigEndian(_file.AsSpan(NumElementsFieldOffset), (ulong)numElements);
        BinaryPrimitives.WriteDoubleBigEndian(_file.AsSpan(ProbabilityFieldOffset), falsePositiveProbability);
    }

    /// <summary>The filter the datadings writer makes for <paramref name="n"/> keys: max(2, n) elements, p = 1 / that.</summary>
    public static BloomFilter ForCount(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        int numElements = Math.Max(2, n);
        return new BloomFilter(numElements, 1.0 / numElements);
    }

    /// <summary>The datadings writer's filter over all <paramref name="keys"/>.</summary>
    public static BloomFilter ForKeys(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var filter = ForCount(keys.Count);
        foreach (string key in keys)
            filter.Add(key);
        return filter;
    }

    public long NumElements { get; }

    public double FalsePositiveProbability { get; }

    /// <summary>Size of the bit array in bits; always a multiple of 8.</summary>
    public long NumBits { get; }

    public int NumHashes { get; }

    /// <summary>Size of the bit array in bytes (the file is <see cref="HeaderSize"/> bytes longer).</summary>
    public long NumBytes => NumBits / 8;

    private Span<byte> Bits => _file.AsSpan(HeaderSize);

    /// <summary>
    /// simplebloom's sizing: num_bits = ceil(n·ln(p) / −ln(2)² / 8)·8 and num_hashes = round(num_bits / n · ln 2),
    /// with the same double operations in the same order and Python's round-half-to-even.
    /// </summary>
    internal static (long NumBits, int NumHashes) Dimensions(long numElements, double falsePositiveProbability)
    {
        double numBitsExact = numElements * Math.Log(falsePositiveProbability) / MinusLn2Squared;
        double numBits = Math.Ceiling(numBitsExact / 8) * 8;
        if (!(numBits < long.MaxValue / 2))
            throw new ArgumentOutOfRangeException(nameof(numElements), numElements,
                $"A filter for {numElements} elements at p = {falsePositiveProbability} would need {numBits} bits.");
        double numHashes = Math.Round(numBits / numElements * Ln2, MidpointRounding.ToEven);
        return ((long)numBits, (int)numHashes);
    }

    public void Add(string key) => KeyEncoding.WithUtf8(key, this, static (filter, utf8) => { filter.Add(utf8); return true; });

    public void Add(ReadOnlySpan<byte> utf8Key)
    {
        (ulong h1, ulong h2) = BaseHashes(utf8Key);
        Span<byte> bits = Bits;
        for (int j = 0; j < NumHashes; j++)
        {
            ulong index = BitIndex(h1, h2, j);
            bits[(int)(index >> 3)] |= (byte)(1 << (int)(index & 7));
        }
    }

    /// <summary>False: certainly never added. True: probably added (false positives at about <see cref="FalsePositiveProbability"/>).</summary>
    public bool MightContain(string key) => KeyEncoding.WithUtf8(key, this, static (filter, utf8) => filter.MightContain(utf8));

    public bool MightContain(ReadOnlySpan<byte> utf8Key)
    {
        (ulong h1, ulong h2) = BaseHashes(utf8Key);
        ReadOnlySpan<byte> bits = Bits;
        for (int j = 0; j < NumHashes; j++)
        {
            ulong index = BitIndex(h1, h2, j);
            if ((bits[(int)(index >> 3)] & (1 << (int)(index & 7))) == 0)
                return false;
        }
        return true;
    }

    /// <summary>The bit positions a key sets, in hash order (duplicates possible), for diagnostics and tests.</summary>
    internal long[] BitIndices(ReadOnlySpan<byte> utf8Key)
    {
        (ulong h1, ulong h2) = BaseHashes(utf8Key);
        var indices = new long[NumHashes];
        for (int j = 0; j < NumHashes; j++)
            indices[j] = (long)BitIndex(h1, h2, j);
        return indices;
    }

    /// <summary>h1, h2 = the first two big-endian u64 of the unsalted BLAKE2s-256 digest of the key.</summary>
    internal static (ulong H1, ulong H2) BaseHashes(ReadOnlySpan<byte> utf8Key)
    {
        Span<byte> digest = stackalloc byte[Blake2s.MaxDigestSize];
        Blake2s.Hash(utf8Key, digest);
        return (BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));
    }

    // simplebloom computes h1 + j·h2 in uint64_t, so it wraps mod 2^64 before the mod num_bits.
    private ulong BitIndex(ulong h1, ulong h2, int j) => unchecked(h1 + (ulong)j * h2) % (ulong)NumBits;

    /// <summary>The complete <c>.filter</c> file: header and bit array.</summary>
    public byte[] ToFileBytes() => (byte[])_file.Clone();

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(_file);
    }

    /// <summary>Reads a <c>.filter</c> file, checking it the way simplebloom does and a little more.</summary>
    /// <param name="path">Named in errors.</param>
    /// <exception cref="DatadingsFormatException">Truncated header, wrong magic, insane parameters, or a length that
    /// disagrees with the file size or with the size the parameters imply.</exception>
    public static BloomFilter Load(ReadOnlySpan<byte> file, string path)
    {
        if (file.Length < HeaderSize)
            throw new DatadingsFormatException(
                $"Bloom filter file is {file.Length} bytes long; expected a {HeaderSize}-byte header followed by the bit array",
                path, file.Length);
        if (!file[..Magic.Length].SequenceEqual(Magic))
            throw new DatadingsFormatException(
                $"Bloom filter file does not start with the magic \"SIMPBLOO\" (found {Convert.ToHexString(file[..Magic.Length])})",
                path, 0);

        ulong storedLength = BinaryPrimitives.ReadUInt64BigEndian(file[LengthFieldOffset..]);
        ulong numElements = BinaryPrimitives.ReadUInt64BigEndian(file[NumElementsFieldOffset..]);
        double probability = BinaryPrimitives.ReadDoubleBigEndian(file[ProbabilityFieldOffset..]);

        if (numElements < 1 || numElements > long.MaxValue)
            throw new DatadingsFormatException(
                $"Bloom filter num_elements is {numElements}; expected a positive count", path, NumElementsFieldOffset);
        if (!(probability > 0 && probability < 1))
            throw new DatadingsFormatException(
                $"Bloom filter false positive probability is {probability}; expected a value strictly between 0 and 1",
                path, ProbabilityFieldOffset);
        if (storedLength != (ulong)file.Length)
            throw new DatadingsFormatException(
                $"Bloom filter header says the file is {storedLength} bytes long, but it is {file.Length} bytes",
                path, LengthFieldOffset);

        long numBits;
        try
        {
            (numBits, _) = Dimensions((long)numElements, probability);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new DatadingsFormatException(
                $"Bloom filter num_elements = {numElements} and p = {probability:R} imply an impossibly large filter; " +
                $"expected parameters matching the {file.Length}-byte file", path, NumElementsFieldOffset);
        }
        long expectedLength = HeaderSize + numBits / 8;
        if (storedLength != (ulong)expectedLength)
            throw new DatadingsFormatException(
                $"Bloom filter length is {storedLength} bytes, but num_elements = {numElements} and p = {probability:R} " +
                $"imply {HeaderSize} + {numBits / 8} = {expectedLength} bytes",
                path, LengthFieldOffset);

        var filter = new BloomFilter((long)numElements, probability);
        file[HeaderSize..].CopyTo(filter.Bits);
        return filter;
    }
}
