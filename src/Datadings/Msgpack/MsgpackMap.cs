namespace Datadings.Msgpack;

/// <summary>
/// A decoded nested msgpack map: any key type (str → string, int → long, bin → byte[], nil → <see cref="MsgpackNil.Value"/>),
/// entries in file order. Keys compare like Python dict keys (see <see cref="MsgpackKeyComparer"/>).
/// </summary>
public class MsgpackMap : OrderedDictionary<object, object?>
{
    public MsgpackMap() : base(MsgpackKeyComparer.Instance) { }

    public MsgpackMap(int capacity) : base(capacity, MsgpackKeyComparer.Instance) { }

    public MsgpackMap(IEnumerable<KeyValuePair<object, object?>> entries) : base(entries, MsgpackKeyComparer.Instance) { }
}
