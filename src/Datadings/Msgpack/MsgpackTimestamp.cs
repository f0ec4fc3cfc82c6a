namespace Datadings.Msgpack;

/// <summary>
/// The msgpack timestamp extension (type −1): seconds since the Unix epoch plus nanoseconds.
/// Decoded from any of its 32/64/96-bit forms, always encoded in the smallest one.
/// </summary>
public readonly record struct MsgpackTimestamp
{
    public const sbyte ExtensionType = -1;

    public MsgpackTimestamp(long seconds, uint nanoseconds)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nanoseconds, 999_999_999u);
        Seconds = seconds;
        Nanoseconds = nanoseconds;
    }

    public long Seconds { get; }

    /// <summary>0 … 999,999,999.</summary>
    public uint Nanoseconds { get; }

    /// <summary>Truncated to .NET's 100 ns ticks; throws when outside DateTimeOffset's years 1–9999.</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddSeconds(Seconds).AddTicks(Nanoseconds / 100);

    public static MsgpackTimestamp FromDateTimeOffset(DateTimeOffset value)
    {
        long ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        long seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return new MsgpackTimestamp(seconds, (uint)(remainder * 100));
    }

    public override string ToString() => $"Timestamp({Seconds}, {Nanoseconds})";
}
