using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Cli.Tests;

/// <summary>`cat` on samples the Python reference writes that stretch the .NET model (issue 17, items 23, 25, 27).</summary>
public class PythonInteropCatTests
{
    [Fact]
    public void Cat_cuts_strings_between_the_characters_a_person_sees()
    {
        using var dir = new TempDir();
        string path = dir.File("emoji.msgpack");
        using (var writer = new DatasetWriter(path))
        {
            // 'x'*39 + '😀' + 'y': the 40th character is a surrogate pair in UTF-16.
            writer.Write(new Sample("a") { ["s"] = new string('x', 39) + "\U0001F600" + "y" });
            // A letter and its combining accent count as one character, and are never split.
            writer.Write(new Sample("b") { ["s"] = "ab" + "e\u0301" + "cd" });
            writer.Complete();
        }
        var result = CliRunner.Run("cat", path);
        result.AssertSuccess();
        Assert.Equal($"{{'key': 'a', 's': '{new string('x', 39)}\U0001F600...' (41 chars)}}", result.StdoutLines[0]);

        var accent = CliRunner.Run("cat", "--max-string", "3", "--range", "1:", path);
        accent.AssertSuccess();
        Assert.Equal("{'key': 'b', 's': 'abe\u0301...' (5 chars)}", Assert.Single(accent.StdoutLines));
    }

    [Fact]
    public void Cat_shows_non_map_samples_and_non_string_field_names_as_stored()
    {
        using var dir = new TempDir();
        string path = dir.File("raw.msgpack");
        using (var writer = new DatasetWriter(path))
        {
            writer.WriteRaw("0", [0x92, 0x01, 0x02]);                                         // RawWriter: packb([1, 2])
            writer.WriteRaw("1", [0x82, 0x01, 0xa1, 0x78, 0xa3, 0x6b, 0x65, 0x79, 0xa1, 0x31]); // packb({1: 'x', 'key': '1'})
            writer.Complete();
        }
        var result = CliRunner.Run("cat", path);
        result.AssertSuccess();
        Assert.Equal(["[1, 2]", "{1: 'x', 'key': '1'}"], result.StdoutLines);
    }
}
