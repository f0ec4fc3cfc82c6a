namespace Datadings.Msgpack;

/// <summary>
/// Stands for a msgpack nil used as a map key (dictionary keys cannot be null). As a value, nil is plain <c>null</c>.
/// </summary>
public sealed class MsgpackNil
{
    public static readonly MsgpackNil Value = new();

    private MsgpackNil() { }

    public override string ToString() => "nil";
}
