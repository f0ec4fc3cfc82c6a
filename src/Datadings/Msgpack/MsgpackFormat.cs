namespace Datadings.Msgpack;

/// <summary>The family of the next msgpack value, as reported by <see cref="MsgpackReader.PeekFormat"/>.</summary>
public enum MsgpackFormat
{
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}

/// <summary>Names of msgpack format codes, used to make error messages say what was found.</summary>
internal static class MsgpackCodes
{
    public const byte Nil = 0xc0;
    public const byte NeverUsed = 0xc1;
    public const byte False = 0xc2;
    public const byte True = 0xc3;
    public const byte Bin8 = 0xc4, Bin16 = 0xc5, Bin32 = 0xc6;
    public const byte Ext8 = 0xc7, Ext16 = 0xc8, Ext32 = 0xc9;
    public const byte Float32 = 0xca, Float64 = 0xcb;
    public const byte UInt8Code = 0xcc, UInt16Code = 0xcd, UInt32Code = 0xce, UInt64Code = 0xcf;
    public const byte Int8Code = 0xd0, Int16Code = 0xd1, Int32Code = 0xd2, Int64Code = 0xd3;
    public const byte FixExt1 = 0xd4, FixExt2 = 0xd5, FixExt4 = 0xd6, FixExt8 = 0xd7, FixExt16 = 0xd8;
    public const byte Str8 = 0xd9, Str16 = 0xda, Str32 = 0xdb;
    public const byte Array16 = 0xdc, Array32 = 0xdd;
    public const byte Map16 = 0xde, Map32 = 0xdf;
    public const byte MinFixMap = 0x80, MinFixArray = 0x90, MinFixStr = 0xa0, MinNegativeFixInt = 0xe0;

    /// <summary>The family of a code; 0xc1 has none (callers report it as invalid before asking).</summary>
    public static MsgpackFormat FormatOf(byte code) => code switch
    {
        <= 0x7f => MsgpackFormat.Integer,
        <= 0x8f => MsgpackFormat.Map,
        <= 0x9f => MsgpackFormat.Array,
        <= 0xbf => MsgpackFormat.String,
        Nil => MsgpackFormat.Nil,
        False or True => MsgpackFormat.Boolean,
        Bin8 or Bin16 or Bin32 => MsgpackFormat.Binary,
        Ext8 or Ext16 or Ext32 or FixExt1 or FixExt2 or FixExt4 or FixExt8 or FixExt16 => MsgpackFormat.Extension,
        Float32 or Float64 => MsgpackFormat.Float,
        >= UInt8Code and <= Int64Code => MsgpackFormat.Integer,
        Str8 or Str16 or Str32 => MsgpackFormat.String,
        Array16 or Array32 => MsgpackFormat.Array,
        Map16 or Map32 => MsgpackFormat.Map,
        >= MinNegativeFixInt => MsgpackFormat.Integer,
        _ => (MsgpackFormat)(-1),
    };

    /// <summary>Short family name as a Python user would say it: "str", "bin", "map", ...</summary>
    public static string FamilyName(byte code) => code == NeverUsed ? "the never-used code" : FormatOf(code) switch
    {
        MsgpackFormat.Nil => "nil",
        MsgpackFormat.Boolean => "bool",
        MsgpackFormat.Integer => "int",
        MsgpackFormat.Float => "float",
        MsgpackFormat.String => "str",
        MsgpackFormat.Binary => "bin",
        MsgpackFormat.Array => "array",
        MsgpackFormat.Map => "map",
        _ => "ext",
    };

    /// <summary>The exact format name from the msgpack spec: "fixstr", "str32", "uint16", ...</summary>
    public static string ExactName(byte code) => code switch
    {
        <= 0x7f => "positive fixint",
        <= 0x8f => "fixmap",
        <= 0x9f => "fixarray",
        <= 0xbf => "fixstr",
        Nil => "nil",
        NeverUsed => "never-used code",
        False => "false",
        True => "true",
        Bin8 => "bin8", Bin16 => "bin16", Bin32 => "bin32",
        Ext8 => "ext8", Ext16 => "ext16", Ext32 => "ext32",
        Float32 => "float32", Float64 => "float64",
        UInt8Code => "uint8", UInt16Code => "uint16", UInt32Code => "uint32", UInt64Code => "uint64",
        Int8Code => "int8", Int16Code => "int16", Int32Code => "int32", Int64Code => "int64",
        FixExt1 => "fixext1", FixExt2 => "fixext2", FixExt4 => "fixext4", FixExt8 => "fixext8", FixExt16 => "fixext16",
        Str8 => "str8", Str16 => "str16", Str32 => "str32",
        Array16 => "array16", Array32 => "array32",
        Map16 => "map16", Map32 => "map32",
        _ => "negative fixint",
    };

    /// <summary>"str (0xa3)" — what an error message says was found.</summary>
    public static string Describe(byte code) => $"{FamilyName(code)} (0x{code:x2})";
}
