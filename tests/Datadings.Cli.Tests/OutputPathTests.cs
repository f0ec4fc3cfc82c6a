using Datadings.Tests.Support;

namespace Datadings.Cli.Tests;

/// <summary>
/// Outputs the user cannot have: under an existing file, onto an existing folder, in a folder that takes no files
/// (/proc). Every writing command says so naming the user's path (never the hidden staging name, never "already
/// exists" for a file that is only an ancestor) and leaves nothing behind; `cat --export` makes no empty folder.
/// </summary>
public sealed class OutputPathTests
{
    private const string Map = """{"classes": [{"id": 0, "name": "a"}, {"id": 1, "name": "b"}, {"id": 2, "name": "c"}], "map": {"0": 0, "1": 1, "2": 2}}""";

    /// <summary>Each writing command with OUT as its (first) output.</summary>
    public static TheoryData<string> Commands => new()
    {
        "shuffle IN OUT", "sample IN OUT 3", "split IN 4 -o OUT OTHER", "merge IN IN2 OUT", "relabel IN OUT --map MAP",
        "view IN OUT --windows 2", "view IN OUT --windows 2 --materialize", "report IN -o OUT",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_output_under_an_existing_file_names_that_file(string command)
    {
        using var dir = new TempDir();
        string blocker = dir.File("notafolder");
        File.WriteAllText(blocker, "a file");
        string output = Path.Combine(blocker, "sub", "out.msgpack");

        string line = Run(dir, command, output, Path.Combine(blocker, "other.msgpack")).AssertOneErrorLine(1);

        Assert.Contains($"cannot write {output}: {blocker} is a file, not a folder", line);
        Assert.DoesNotContain("already exists", line);
        Assert.Equal("a file", File.ReadAllText(blocker));
        AssertNothingLeft(dir);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_output_onto_an_existing_folder_says_it_is_a_folder(string command)
    {
        using var dir = new TempDir();
        string output = dir.File("afolder");
        Directory.CreateDirectory(output);

        string line = Run(dir, command, output, dir.File("other.msgpack")).AssertOneErrorLine(1);

        Assert.Contains($"cannot write {output}: it is a folder; give a file name", line);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output));
        AssertNothingLeft(dir);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_output_ending_in_a_separator_is_a_folder_name_and_creates_nothing(string command)
    {
        using var dir = new TempDir();
        string output = dir.File("newfolder") + "/";

        string line = Run(dir, command, output, dir.File("other.msgpack")).AssertOneErrorLine(1);

        Assert.Contains($"cannot write {output}: it ends in a separator, so it names a folder; give a file name", line);
        Assert.False(Directory.Exists(dir.File("newfolder")));
        AssertNothingLeft(dir);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_output_that_is_a_fifo_is_refused_not_replaced_by_a_regular_file(string command)
    {
        if (!OperatingSystem.IsLinux()) return; // the file type comes from Linux statx
        using var dir = new TempDir();
        string output = dir.File("pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [output])) mkfifo.WaitForExit();

        string line = Run(dir, command, output, dir.File("other.msgpack"), "-f").AssertOneErrorLine(1);

        Assert.Contains($"cannot write {output}: it is not a regular file (a device, FIFO or socket), and writing would replace it", line);
        Assert.Equal("p", Stat(output)); // still the FIFO, not a regular file renamed over it
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_output_that_links_to_a_fifo_or_into_proc_is_refused_and_the_link_kept(string command)
    {
        if (!OperatingSystem.IsLinux()) return; // the file type comes from Linux statx
        using var dir = new TempDir();
        string fifo = dir.File("pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
        string toFifo = dir.File("to-pipe");
        File.CreateSymbolicLink(toFifo, fifo);
        // What /dev/stdout is: replacing it (as root) would leave a regular file where every program's stdout was.
        string likeStdout = dir.File("stdout");
        File.CreateSymbolicLink(likeStdout, "/proc/self/fd/1");

        string line = Run(dir, command, toFifo, dir.File("other.msgpack"), "-f").AssertOneErrorLine(1);
        Assert.Contains($"cannot write {toFifo}: it is a link to a device, FIFO or socket, and writing would replace the link", line);
        line = Run(dir, command, likeStdout, dir.File("other.msgpack"), "-f").AssertOneErrorLine(1);
        Assert.Contains($"cannot write {likeStdout}: it is a link to /proc/self/fd/1, a process's open file", line);

        Assert.Equal("l", Stat(toFifo));
        Assert.Equal("l", Stat(likeStdout));
        Assert.Equal("p", Stat(fifo));
    }

    /// <summary>Each command whose OUT is a file of IN other than IN itself (an index file names its dataset).</summary>
    public static TheoryData<string, string> OutputsOntoInputFiles => new()
    {
        { "shuffle IN OUT", ".keys" }, { "sample IN OUT 3", ".offsets" }, { "merge IN IN2 OUT", ".md5" },
        { "relabel IN OUT --map MAP", ".filter" }, { "view IN OUT --windows 2", ".md5" },
        { "view IN OUT --windows 2 --materialize", ".key_hashes" }, { "report IN -o OUT", "" }, { "report IN -o OUT", ".md5" },
        { "split IN --fractions 0.5 0.5 -o OTHER OTHER2 --assignment OUT", ".md5" },
    };

    [Theory]
    [MemberData(nameof(OutputsOntoInputFiles))]
    public void An_output_onto_a_file_of_the_input_is_refused_even_with_force(string command, string suffix)
    {
        using var dir = new TempDir();
        string input = TestData.Generated(dir, "in", 8);
        var before = Directory.GetFiles(dir.Path).ToDictionary(f => f, File.ReadAllBytes);

        Run(dir, command.Replace("OTHER2", dir.File("p2.msgpack")), input + suffix, dir.File("p1.msgpack"), "-f").AssertOneErrorLine(2);

        foreach (var (file, bytes) in before) Assert.Equal(bytes, File.ReadAllBytes(file));
        CliRunner.Run("verify", input).AssertSuccess();
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void An_output_in_a_folder_that_takes_no_files_names_the_users_path_not_the_staging_file(string command)
    {
        if (!OperatingSystem.IsLinux()) return; // /proc, a folder that refuses new files even to root, is Linux's
        using var dir = new TempDir();
        string output = "/proc/datadings-out.msgpack";

        string line = Run(dir, command, output, "/proc/datadings-other.msgpack").AssertOneErrorLine(1);

        Assert.Contains($"cannot write {output}", line);
        Assert.Contains("/proc does not take new files", line);
        Assert.DoesNotContain(".tmp", line);
        AssertNothingLeft(dir);
    }

    [Fact]
    public void Export_and_init_under_an_existing_file_name_that_file()
    {
        using var dir = new TempDir();
        string blocker = dir.File("notafolder");
        File.WriteAllText(blocker, "a file");

        string export = CliRunner.Run("cat", ImageDataset(dir), "--export", Path.Combine(blocker, "images")).AssertOneErrorLine(1);
        Assert.Contains($"cannot create the folder {Path.Combine(blocker, "images")}: {blocker} is a file, not a folder", export);

        string init = CliRunner.Run("init", Path.Combine(blocker, "project")).AssertOneErrorLine(1);
        Assert.Contains($"{blocker} is a file, not a folder", init);
        Assert.Equal("a file", File.ReadAllText(blocker));
    }

    [Fact]
    public void Export_creates_its_folder_only_when_it_writes_an_image()
    {
        using var dir = new TempDir();
        string noImages = TestData.Generated(dir, "plain", 4);
        string empty = dir.File("never-created");
        var none = CliRunner.Run("cat", noImages, "--export", empty);
        none.AssertSuccess();
        Assert.Contains("nothing written", none.Stdout);
        Assert.False(Directory.Exists(empty), "an export with nothing to write created its folder");

        string images = Path.Combine(dir.File("out"), "images");
        var some = CliRunner.Run("cat", ImageDataset(dir), "--export", images);
        some.AssertSuccess();
        Assert.Equal(["a.image.png"], Directory.GetFiles(images).Select(Path.GetFileName));
    }

    private const string PngPath = "/usr/lib/python3/dist-packages/skimage/data/coins.png";

    private static string ImageDataset(TempDir dir)
    {
        string path = dir.File("images.msgpack");
        if (File.Exists(path)) return path;
        using var writer = new Writing.DatasetWriter(path);
        writer.Write(new Sample("a") { ["image"] = File.ReadAllBytes(PngPath), ["label"] = 0L });
        writer.Write(new Sample("b") { ["label"] = 1L });
        writer.Complete();
        return path;
    }

    // The file type letter `stat -c %A` starts with: "p" for a FIFO, "-" for a regular file.
    private static string Stat(string path)
    {
        var stat = CliRunner.RunProcess("stat", ["-c", "%A", path]);
        return stat.Stdout.Trim()[..1];
    }

    private static CliResult Run(TempDir dir, string command, string output, string other, string force = "")
    {
        // Made once per folder: a test may run several commands, or snapshot the inputs first.
        string input = File.Exists(dir.File("in.msgpack")) ? dir.File("in.msgpack") : TestData.Generated(dir, "in", 8);
        string input2 = File.Exists(dir.File("in2.msgpack")) ? dir.File("in2.msgpack") : TestData.Generated(dir, "in2", 4, keyPrefix: "x");
        File.WriteAllText(dir.File("map.json"), Map);
        var args = command.Split(' ').Select(a => a switch
        {
            "IN" => input, "IN2" => input2, "OUT" => output, "OTHER" => other, "MAP" => dir.File("map.json"), _ => a,
        });
        // report always replaces its card and has no --force.
        return CliRunner.Run([.. args, .. force.Length > 0 && !command.StartsWith("report", StringComparison.Ordinal) ? [force] : Array.Empty<string>()]);
    }

    // Only the inputs (and the folders/files the test made) remain: no staged file, no partial output.
    private static void AssertNothingLeft(TempDir dir)
    {
        var left = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName)
            .Where(name => !name!.StartsWith("in.", StringComparison.Ordinal) && !name.StartsWith("in2.", StringComparison.Ordinal)
                && name is not ("map.json" or "notafolder"));
        Assert.Empty(left);
    }
}
