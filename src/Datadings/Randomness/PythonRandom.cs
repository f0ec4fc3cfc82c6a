using System.Numerics;

namespace Datadings.Randomness;

/// <summary>
/// CPython's <c>random.Random</c> seeded with an integer (FORMAT.md §12.1): MT19937 keyed by the 32-bit
/// words of |seed|, plus the exact derivations CPython builds on top of it (getrandbits, _randbelow,
/// shuffle, random). Same seed, same numbers as Python — which is the whole point: shuffle orders must
/// match the reference. Not thread safe, not cryptographic.
/// </summary>
public sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908B0DF;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7FFFFFFF;

    private readonly uint[] _mt = new uint[N];
    private int _index;

    public PythonRandom(long seed) : this(new BigInteger(seed))
    {
    }

    /// <summary>Seeds like <c>random.Random(seed)</c>; the sign is ignored, as in CPython.</summary>
    public PythonRandom(BigInteger seed) => InitByArray(SeedKey(seed));

    /// <summary>The init_by_array key: 32-bit words of |seed|, least significant first; 0 gives [0].</summary>
    private static uint[] SeedKey(BigInteger seed)
    {
        byte[] bytes = BigInteger.Abs(seed).ToByteArray(isUnsigned: true, isBigEndian: false);
        var key = new uint[(bytes.Length + 3) / 4];
        for (int i = 0; i < bytes.Length; i++)
            key[i / 4] |= (uint)bytes[i] << (8 * (i % 4));
        return key;
    }

    private void InitGenrand(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++)
            _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        _index = N;
    }

    private void InitByArray(uint[] key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Length); k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j);
            i++;
            j++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }
            if (j >= key.Length)
                j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i);
            i++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }
        }
        _mt[0] = 0x80000000u; // guarantees a non-zero state
    }

    /// <summary>The next raw MT19937 output (CPython's <c>genrand_uint32</c>, = <c>getrandbits(32)</c>).</summary>
    public uint NextUInt32()
    {
        if (_index >= N)
            Regenerate();

        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    private void Regenerate()
    {
        for (int kk = 0; kk < N; kk++)
        {
            uint y = (_mt[kk] & UpperMask) | (_mt[(kk + 1) % N] & LowerMask);
            _mt[kk] = _mt[(kk + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0u);
        }
        _index = 0;
    }

    /// <summary>
    /// <c>getrandbits(k)</c> for 1 ≤ k ≤ 64. Above 32 bits CPython fills 32-bit words least significant first
    /// and shortens only the last (most significant) word.
    /// </summary>
    public ulong GetRandBits(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 64);
        if (k <= 32)
            return NextUInt32() >> (32 - k);

        ulong low = NextUInt32();
        ulong high = NextUInt32() >> (64 - k);
        return (high << 32) | low;
    }

    /// <summary>
    /// CPython's <c>_randbelow(n)</c> (also <c>randrange(n)</c>): rejection sampling with bit_length(n) bits,
    /// so it consumes exactly the same generator outputs as Python.
    /// </summary>
    public long RandBelow(long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        int bits = 64 - BitOperations.LeadingZeroCount((ulong)n);
        ulong r;
        do
        {
            r = GetRandBits(bits);
        } while (r >= (ulong)n);
        return (long)r;
    }

    /// <summary><c>random.shuffle</c>: Fisher–Yates from the end, j = randbelow(i + 1).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = (int)RandBelow(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><c>random.random()</c>: 53 random bits from two outputs, in [0, 1).</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5;
        uint b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary><c>random.uniform(a, b)</c> = a + (b − a)·random().</summary>
    public double Uniform(double a, double b) => a + (b - a) * NextDouble();
}
