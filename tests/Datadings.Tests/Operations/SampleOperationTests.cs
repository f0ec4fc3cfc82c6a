using Datadings.Operations;
using Datadings.Reading;
using Datadings.Tests.Support;

namespace Datadings.Tests.Operations;

public class SampleOperationTests
{
    [Fact]
    public void Random_sample_reproduces_the_reference_command_byte_for_byte()
    {
        using var dir = new TempDir();
        string output = dir.File("random10.msgpack");
        SampleOperation.Run(SharedVectors.Dataset("mixed1000"), output, 10);
        DatasetAssert.SameFiles(CommandVectors.Output("sample", "random10"), output);
    }

    [Fact]
    public void Sequential_sample_reproduces_the_reference_command_byte_for_byte()
    {
        using var dir = new TempDir();
        string output = dir.File("seq10.msgpack");
        SampleOperation.Run(SharedVectors.Dataset("mixed1000"), output, 10, new SampleOptions { Strategy = SampleStrategy.Sequential });
        DatasetAssert.SameFiles(CommandVectors.Output("sample", "seq10"), output);
    }

    [Fact]
    public void More_than_available_writes_everything_and_says_so()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 4);
        var result = SampleOperation.Run(input, dir.File("out.msgpack"), 10);
        Assert.Equal(4, Assert.Single(result.Outputs).Count);
        Assert.Contains("only 4 samples", Assert.Single(result.Notes));
    }

    [Fact]
    public void Seed_selects_a_different_shuffle()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 50);
        SampleOperation.Run(input, dir.File("a.msgpack"), 5, new SampleOptions { Seed = 1 });
        using var reader = new DatasetReader(dir.File("a.msgpack"));
        var expected = Datadings.Randomness.ShuffleOrder.Shuffler(50, 1).Take(5).Select(i => i.ToString());
        Assert.Equal(expected, reader.Keys);
    }

    [Fact]
    public void Negative_count_is_an_argument_error()
    {
        using var dir = new TempDir();
        string input = CommandVectors.Generated(dir, "in", 4);
        Assert.Throws<ArgumentException>(() => SampleOperation.Run(input, dir.File("out.msgpack"), -1));
    }
}
