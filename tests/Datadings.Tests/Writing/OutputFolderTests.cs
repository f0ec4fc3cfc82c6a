using Datadings.Tests.Support;
using Datadings.Writing;

namespace Datadings.Tests.Writing;

/// <summary>Every writer refuses an output that cannot become a file with the user's path, never a staging name.</summary>
public class OutputFolderTests
{
    [Fact]
    public void Writers_under_an_existing_file_name_the_file_in_the_way_and_leave_nothing()
    {
        using var dir = new TempDir();
        string blocker = dir.File("plain");
        File.WriteAllText(blocker, "x");
        string output = Path.Combine(blocker, "deeper", "out.msgpack");

        var dataset = Assert.Throws<OutputPathException>(() => new DatasetWriter(output));
        Assert.Equal($"cannot write {output}: {blocker} is a file, not a folder", dataset.Message);
        var text = Assert.Throws<OutputPathException>(() => AtomicFile.WriteAllText(output, "t", overwrite: true));
        Assert.Equal(dataset.Message, text.Message);
        var folder = Assert.Throws<OutputPathException>(() => OutputFolder.Create(Path.Combine(blocker, "deeper")));
        Assert.Equal($"cannot create the folder {Path.Combine(blocker, "deeper")}: {blocker} is a file, not a folder", folder.Message);

        Assert.Equal([blocker], Directory.GetFileSystemEntries(dir.Path));
        Assert.Equal("x", File.ReadAllText(blocker));
    }

    [Fact]
    public void A_folder_that_takes_no_files_is_named_not_the_hidden_staging_file()
    {
        if (!OperatingSystem.IsLinux()) return; // /proc refuses new files even to root
        var e = Assert.Throws<OutputPathException>(() => new DatasetWriter("/proc/out.msgpack"));
        Assert.Equal("cannot write /proc/out.msgpack: /proc does not take new files", e.Message);
    }

    [Fact]
    public void A_folder_or_a_name_ending_in_a_separator_is_not_a_file_name()
    {
        using var dir = new TempDir();
        Assert.Equal($"cannot write {dir.Path}: it is a folder; give a file name",
            Assert.Throws<OutputPathException>(() => OutputFolder.CheckFile(dir.Path)).Message);
        string trailing = dir.File("new") + Path.DirectorySeparatorChar;
        Assert.Throws<OutputPathException>(() => new DatasetWriter(trailing));
        Assert.False(Directory.Exists(dir.File("new")));
    }

    [Fact]
    public void A_link_to_a_fifo_or_into_proc_is_refused_and_stays_a_link()
    {
        if (!OperatingSystem.IsLinux()) return; // the file type comes from Linux statx
        using var dir = new TempDir();
        string fifo = dir.File("pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
        string toFifo = dir.File("to-pipe");
        File.CreateSymbolicLink(toFifo, fifo);
        string likeStdout = dir.File("stdout"); // as /dev/stdout is
        File.CreateSymbolicLink(likeStdout, "/proc/self/fd/1");
        string chained = dir.File("chained");
        File.CreateSymbolicLink(chained, likeStdout);
        string toFile = dir.File("to-file");
        File.WriteAllText(dir.File("target"), "t");
        File.CreateSymbolicLink(toFile, dir.File("target"));

        var fifoError = Assert.Throws<OutputPathException>(() => new DatasetWriter(toFifo, new DatasetWriterOptions { Overwrite = true }));
        Assert.Equal($"cannot write {toFifo}: it is a link to a device, FIFO or socket, and writing would replace the link; give a file name", fifoError.Message);
        foreach (string link in (string[])[likeStdout, chained])
        {
            var procError = Assert.Throws<OutputPathException>(() => AtomicFile.WriteAllText(link, "t", overwrite: true));
            Assert.StartsWith($"cannot write {link}: it is a link to /proc/self/fd/1, a process's open file", procError.Message);
            Assert.NotNull(new FileInfo(link).LinkTarget);
        }
        Assert.NotNull(new FileInfo(toFifo).LinkTarget);
        OutputFolder.CheckFile(toFile); // a link to a regular file is an ordinary output
    }
}
