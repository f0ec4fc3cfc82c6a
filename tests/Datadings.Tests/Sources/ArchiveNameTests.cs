using System.IO.Compression;
using System.Text;
using Datadings.Archives;
using Datadings.Sources;
using Datadings.Tests.Support;

namespace Datadings.Tests.Sources;

/// <summary>How entry names are decoded: zip names without the UTF-8 flag as CP437, undecodable names refused.</summary>
public sealed class ArchiveNameTests : IDisposable
{
    private readonly TreeFixture _fixture = new();

    public ArchiveNameTests() => ArchiveSources.Register();

    [Fact]
    public void Zip_names_without_the_utf8_flag_are_code_page_437_as_python_reads_them()
    {
        // Old Windows zip tools write names in the OEM code page and leave bit 11 clear.
        var cp437 = CodePagesEncodingProvider.Instance.GetEncoding(437)!;
        var zip = _fixture.Path("dos.zip");
        using (var archive = new ZipArchive(File.Create(zip), ZipArchiveMode.Create, leaveOpen: false, cp437))
        {
            foreach (var name in new[] { "café/Ünïcode.png", "café/ñ.png" })
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write([1]);
            }
        }
        var flags = BitConverter.ToUInt16(File.ReadAllBytes(zip), 6);
        Assert.Equal(0, flags & 0x800); // really written without the UTF-8 flag

        using var source = new ZipTreeSource(zip);
        Assert.Equal(["café/Ünïcode.png", "café/ñ.png"], source.Entries.Select(e => e.Key));
        ArchiveTools.Run(_fixture.Folder, "python3", "-c",
            "import sys, zipfile; assert zipfile.ZipFile(sys.argv[1]).namelist() == ['café/Ünïcode.png', 'café/ñ.png']", zip);
    }

    [Fact]
    public void A_utf8_flagged_zip_name_with_invalid_bytes_is_an_error_showing_them()
    {
        var zip = _fixture.WriteZip([("cat/badé.png", [1]), ("cat/ok.png", [2])]);
        var bytes = File.ReadAllBytes(zip);
        var e = Encoding.UTF8.GetBytes("é");
        for (var i = bytes.AsSpan().IndexOf(e); i >= 0; i = bytes.AsSpan().IndexOf(e))
        {
            bytes[i] = 0xFF; // not UTF-8, in both the local and the central header
            bytes[i + 1] = 0xFE;
        }
        File.WriteAllBytes(zip, bytes);

        var error = Assert.Throws<SourceException>(() => new ZipTreeSource(zip));
        Assert.Contains("not valid UTF-8", error.Problem);
        Assert.Contains("its bytes: 6361742f626164fffe2e706e67", error.Problem); // "cat/bad" FF FE ".png", as stored
    }

    [Theory]
    [InlineData("names.tar")]
    [InlineData("names.tar.gz")]
    [InlineData("names.tar.xz")]
    public void Tar_names_that_are_not_utf8_are_an_error_not_a_collision(string archiveName)
    {
        // Two distinct Latin-1 names would both become "bad\uFFFD.png" and collide, or silently be such a key.
        var folder = _fixture.WriteDirectory([("cat/ok.png", [1])]);
        ArchiveTools.Run(folder, "sh", "-c", "printf 1 > \"cat/bad$(printf '\\377').png\" && printf 2 > \"cat/bad$(printf '\\376').png\"");
        var archive = ArchiveTools.Pack(folder, _fixture.Path(archiveName));

        var error = Assert.Throws<SourceException>(() => LabelledTreeSource.Open(archive));
        Assert.Contains("not valid UTF-8", error.Problem);
        Assert.DoesNotContain("more than once", error.Problem);
        Assert.StartsWith("./cat/bad", error.EntryName);
    }

    public void Dispose() => _fixture.Dispose();
}
