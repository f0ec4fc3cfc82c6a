namespace Datadings.Msgpack;

/// <summary>
/// A msgpack extension value other than the timestamp (type −1). The reference writer never produces these;
/// they are kept so that foreign data decodes and re-encodes unchanged.
/// </summary>
public sealed record MsgpackExtension(sbyte Type, ReadOnlyMemory<byte> Data)
{
    public bool Equals(MsgpackExtension? other) =>
        other is not null && Type == other.Type && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }
}
