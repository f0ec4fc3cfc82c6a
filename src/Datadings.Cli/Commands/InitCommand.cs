using System.CommandLine;
using System.Text.RegularExpressions;

namespace Datadings.Cli.Commands;

/// <summary><c>init [DIR]</c>: scaffolds a dataset project (<c>NAME.dsproj</c>) using Datadings.Sdk.</summary>
internal static partial class InitCommand
{
    public const string SdkReference = "Datadings.Sdk/0.1.0";

    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "Directory of the new project (created if needed).", DefaultValueFactory = _ => "." };
        var name = new Option<string?>("--name", "-n") { Description = "Project name (default: the directory's name)." };
        var force = CommonOptions.Force();
        var command = new Command("init", "Create a new dataset project (.dsproj) with a commented example.") { directory, name, force };

        command.SetGuardedAction((parsed, _) =>
        {
            string dir = Path.GetFullPath(parsed.GetValue(directory)!);
            string projectName = parsed.GetValue(name) ?? Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar));
            if (!ValidName().IsMatch(projectName) || projectName.Contains("--"))
                throw new UsageException($"'{projectName}' is not a usable project name: use letters, digits, '_', '.' and '-' (pass --name)");

            string project = Path.Combine(dir, projectName + ".dsproj");
            if (File.Exists(project) && !parsed.GetValue(force))
                throw new IOException($"{project} already exists; use --force to overwrite it");
            Directory.CreateDirectory(dir);
            File.WriteAllText(project, Template(projectName));
            if (!parsed.GetValue(CommonOptions.Quiet))
                Console.WriteLine($"created {project}; fill in a source and run `dotnet build` in {dir}");
            return ExitCodes.Success;
        });
        return command;
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
    private static partial Regex ValidName();

    private static string Template(string name) => $"""
        <Project Sdk="{SdkReference}">
          <!--
            {name}: a dataset declared as code. `dotnet build` downloads each source below that is not cached yet,
            checks its MD5, converts the sources into datasets in the datadings format and writes them to the
            output directory; a second build does no work. `dotnet clean` removes the outputs (never the cache).
          -->

          <!--
            A source file: Include is its local name, Url where it is downloaded from, Md5 what it must hash to
            (the build fails on a mismatch). Uncomment and replace with your own files:

          <ItemGroup>
            <DatasetSource Include="train-images-idx3-ubyte.gz"
                           Url="https://example.org/datasets/train-images-idx3-ubyte.gz"
                           Md5="00000000000000000000000000000000" />
          </ItemGroup>
          -->

          <!--
            A conversion turns sources into a dataset (NAME.msgpack plus its index files). Uncomment and adapt:

          <ItemGroup>
            <DatasetConversion Include="train"
                               Sources="train-images-idx3-ubyte.gz"
                               Converter="LabelledTree" />
          </ItemGroup>
          -->
        </Project>

        """;
}
