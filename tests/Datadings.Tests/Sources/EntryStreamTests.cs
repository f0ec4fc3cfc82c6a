using Datadings.Sources;
using Datadings.Tests.Support;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Tests.Sources;

public class EntryStreamTests
{
    [Fact]
    public void An_empty_read_of_a_tar_entry_returns_nothing_instead_of_claiming_the_archive_ended()
    {
        using var dir = new TempDir();
        var path = dir.File("outer.tar");
        File.WriteAllBytes(path, Tar(("a.bin", [1, 2, 3]), ("inner.tar", Tar(("x.JPEG", [9, 9])))));
        using var tree = LabelledTreeSource.Open(path, new LabelledTreeOptions { Patterns = ["**"], NumericLabels = false });

        using var stream = tree.Open(tree.Entries.Single(e => e.Path == "a.bin"));
        Assert.Equal(0, stream.Read(Span<byte>.Empty));
        var buffer = new byte[8];
        Assert.Equal(3, stream.Read(buffer));

        // System.Formats.Tar's reader makes such empty reads: a tar inside a tar (ILSVRC2012's train tar) reads through.
        using var inner = new System.Formats.Tar.TarReader(tree.Open(tree.Entries.Single(e => e.Path == "inner.tar")));
        var entry = inner.GetNextEntry()!;
        using var copy = new MemoryStream();
        entry.DataStream!.CopyTo(copy);
        Assert.Equal("x.JPEG", entry.Name);
        Assert.Equal([9, 9], copy.ToArray());
    }
}
