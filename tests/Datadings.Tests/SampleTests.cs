namespace Datadings.Tests;

public class SampleTests
{
    [Fact]
    public void Key_is_the_key_field_and_fields_keep_insertion_order()
    {
        var s = new Sample("a") { ["y"] = 1L, ["x"] = 2L };
        Assert.Equal("a", s.Key);
        Assert.Equal(new[] { "key", "y", "x" }, s.Keys);
    }

    [Fact]
    public void Missing_key_gives_a_clear_error()
    {
        var s = new Sample { ["x"] = 1L };
        var e = Assert.Throws<InvalidOperationException>(() => s.Key);
        Assert.Contains("\"key\"", e.Message);
    }

    [Fact]
    public void Format_exception_names_file_and_absolute_offset()
    {
        var inner = new DatadingsFormatException("length prefix 900 exceeds the 12 remaining bytes", offset: 3);
        var located = inner.At("/data/d.msgpack", baseOffset: 100);
        Assert.Equal(103, located.Offset);
        Assert.Equal("/data/d.msgpack: at byte offset 103: length prefix 900 exceeds the 12 remaining bytes", located.Message);
    }
}
