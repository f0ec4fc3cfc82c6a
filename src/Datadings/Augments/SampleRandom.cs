namespace Datadings.Augments;

/// <summary>
/// The random numbers of one sample's augmentation, fixed by (seed, epoch, sample index) alone: two runs, two
/// workers or two thread counts that augment the same sample in the same epoch draw the same numbers, whatever
/// order they visit samples in. SplitMix64 (Steele, Lea, Flood 2014) seeded by a hash of the three numbers, so the
/// sequence is specified here and cannot change with the .NET version (unlike <see cref="System.Random"/>).
/// </summary>
public sealed class SampleRandom
{
    private ulong _state;

    public SampleRandom(long seed, long epoch, long sampleIndex)
    {
        // Mix each part through the finaliser so nearby (epoch, index) pairs start far apart.
        _state = Mix(Mix(Mix((ulong)seed) ^ (ulong)epoch) ^ (ulong)sampleIndex);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, <paramref name="maxExclusive"/>) without modulo bias (Lemire's method).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * bound;
            if ((ulong)product >= (0UL - bound) % bound) return (int)(product >> 64);
        }
    }

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool NextBool(double probability = 0.5) => NextDouble() < probability;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
