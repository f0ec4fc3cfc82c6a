using System.CommandLine;
using System.Reflection;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using Datadings.Writing;

namespace Datadings.Cli.Commands;

/// <summary>
/// <c>init [DIR]</c>: scaffolds a dataset project (<c>NAME.dsproj</c>) using Datadings.Sdk, with a small
/// <c>example.csv</c> its commented examples convert, and with <c>--source FEED</c> a NuGet.config that tells
/// NuGet where Datadings.Sdk comes from (a feed the user's configuration may not list).
/// </summary>
internal static partial class InitCommand
{
    public const string ExampleFile = "example.csv";

    /// <summary>The SDK version that goes with this tool: its own version (they are released together).</summary>
    public static string DefaultSdkVersion =>
        (typeof(InitCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0").Split('+')[0];

    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "Directory of the new project (created if needed).", DefaultValueFactory = _ => "." };
        var name = new Option<string?>("--name", "-n") { Description = "Project name (default: the directory's name)." };
        var source = new Option<string?>("--source") { Description = "A NuGet feed (folder or URL) that holds Datadings.Sdk; written to a NuGet.config beside the project." };
        var sdkVersion = new Option<string?>("--sdk-version") { Description = $"The Datadings.Sdk version to reference (default: {DefaultSdkVersion}, this tool's)." };
        var recipe = new Option<string?>("--recipe") { Description = "A recipe for a well-known dataset (see `datadings recipes`): the project builds it as it is." };
        var force = CommonOptions.Force();
        var command = new Command("init", "Create a new dataset project (.dsproj) with commented examples that build when uncommented.") { directory, name, source, sdkVersion, recipe, force };

        command.SetGuardedAction((parsed, _) =>
        {
            string dir = Path.GetFullPath(parsed.GetValue(directory)!);
            string projectName = parsed.GetValue(name) ?? Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar));
            if (!ValidName().IsMatch(projectName) || projectName.Contains("--"))
                throw new UsageException($"'{projectName}' is not a usable project name: use letters, digits, '_', '.' and '-' (pass --name)");
            string version = parsed.GetValue(sdkVersion) ?? DefaultSdkVersion;
            string? feed = parsed.GetValue(source) is { } given ? FeedLocation(given) : null;
            var chosenRecipe = parsed.GetValue(recipe) is { } recipeName ? RecipesCommand.Get(recipeName) : null;

            string project = Path.Combine(dir, projectName + ".dsproj");
            string nugetConfig = Path.Combine(dir, "NuGet.config");
            bool overwrite = parsed.GetValue(force);
            foreach (var existing in new[] { project, feed is null ? null : nugetConfig }.OfType<string>().Where(File.Exists))
                if (!overwrite) throw new IOException($"{existing} already exists; use --force to overwrite it");
            OutputFolder.Create(dir);
            if (chosenRecipe is not null)
            {
                AtomicFile.WriteAllText(project, RecipeProject(chosenRecipe, version), overwrite: true);
                if (feed is not null) AtomicFile.WriteAllText(nugetConfig, NuGetConfig(feed), overwrite: true);
                if (!parsed.GetValue(CommonOptions.Quiet))
                    Console.WriteLine($"created {project} (Datadings.Sdk {version}, recipe {chosenRecipe.Name}); next: `dotnet build` in {dir}");
                return ExitCodes.Success;
            }
            string example = Path.Combine(dir, ExampleFile);
            // The project names example.csv by its MD5, so an existing file of that name is replaced only with --force.
            if (File.Exists(example) && !overwrite && File.ReadAllText(example) != Resource("init/example.csv"))
                throw new IOException($"{example} already exists with other content; use --force to overwrite it (the examples read it)");
            // Each file all-or-nothing, like every output of the tool (a full disk leaves no half project file).
            AtomicFile.WriteAllText(example, Resource("init/example.csv"), overwrite: true);
            AtomicFile.WriteAllText(project, Template(projectName, version), overwrite: true);
            if (feed is not null) AtomicFile.WriteAllText(nugetConfig, NuGetConfig(feed), overwrite: true);

            if (!parsed.GetValue(CommonOptions.Quiet))
            {
                Console.WriteLine($"created {project} (Datadings.Sdk {version}) and {example}");
                Console.WriteLine(feed is not null
                    ? $"created {nugetConfig}: NuGet finds Datadings.Sdk in {feed}"
                    : $"note: `dotnet build` needs Datadings.Sdk {version} from one of your NuGet feeds; if none holds it, run init again with --source FEED (the feed this tool came from)");
                Console.WriteLine($"next: uncomment the examples in {Path.GetFileName(project)} and run `dotnet build` in {dir}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A project that builds one recipe, with its options and an override of a file's MD5 shown as comments.</summary>
    private static string RecipeProject(Datadings.Recipes.DatasetRecipe recipe, string sdkVersion)
    {
        var expansion = Datadings.Recipes.RecipeExpansion.Expand(recipe, new Dictionary<string, string>());
        var first = expansion.Sources.FirstOrDefault();
        var options = string.Join("", recipe.Options.Select(o => $"\n      {o.Name}=\"{o.Default}\"{(o.Values.Count > 0 ? $" (one of {string.Join(", ", o.Values)})" : "")}"));
        // Files behind a login, and files without a published MD5: the project cannot build until the user acts.
        var manual = recipe.ManualDownload is { } how
            ? $"\n      ManualDir=\"/data/{recipe.Name.ToLowerInvariant()}/\" (where you put the files downloaded by hand)\n    Manual download: {Comment(how)}"
            : "";
        var unpublished = string.Concat(expansion.Sources.Where(s => s.Md5.Length == 0).Select(s =>
            $"\n    No MD5 is published for {s.Name}: add <DatasetSource Include=\"{s.Name}\" Md5=\"(md5sum of your copy)\" /> (else DD9005)."));
        return $"""
            <Project Sdk="Datadings.Sdk/{sdkVersion}">
              <!--
                {Comment(recipe.Title)}
                {Comment(recipe.Homepage)} ({Comment(recipe.License)})
                `dotnet build` {(recipe.ManualDownload is null ? "downloads and verifies the official files" : "verifies the files you downloaded by hand (below)")} and writes the datasets
                {string.Join(", ", expansion.Conversions.Select(c => c.Name))} into bin/datasets/.
                What the recipe expands to: `datadings recipes {recipe.Name}`. Options (metadata of the item):
                  Splits="{string.Join(";", recipe.Datasets.Select(d => d.Split).Where(s => s.Length > 0).Distinct())}" (build fewer)
                  Mirror="/data/mirror/" (a folder or URL with the same files, tried first){options}{manual}{unpublished}
              -->
              <ItemGroup>
                <DatasetRecipe Include="{recipe.Name}" />
              </ItemGroup>
            {(first is null ? "" : $"""

              <!--
                Your copy differs from the official one (e.g. a distribution's repacked files)? Declare the file with
                its own metadata; they replace the recipe's (Md5 without Size drops the recipe's Size):
              <ItemGroup>
                <DatasetSource Include="{first.Name}" Md5="…" Url="/path/to/{Path.GetFileName(first.Name)}" />
              </ItemGroup>
              -->
            """)}
            </Project>

            """;
    }

    /// <summary>
    /// Text for inside an XML comment, where entities are not decoded: a reader sees &lt; or &amp;quot; literally, so
    /// nothing is escaped; only "--", which would end the comment's well-formedness, is broken up.
    /// </summary>
    private static string Comment(string text)
    {
        while (text.Contains("--", StringComparison.Ordinal)) text = text.Replace("--", "- -", StringComparison.Ordinal);
        return text.EndsWith('-') ? text + " " : text;
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
    private static partial Regex ValidName();

    // A folder is written as an absolute path, so the NuGet.config works wherever the command was run from.
    private static string FeedLocation(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? source : Path.GetFullPath(source);

    private static string NuGetConfig(string feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <!-- Written by datadings init: where NuGet finds Datadings.Sdk. Your other feeds still apply. -->
        <configuration>
          <packageSources>
            <add key="datadings" value="{SecurityElement.Escape(feed)}" />
          </packageSources>
        </configuration>

        """;

    /// <summary>
    /// The `dotnet new dsproj` template's project with its examples commented out, so the new project builds with
    /// no datasets until the user uncomments one (each builds as it is: they read example.csv).
    /// </summary>
    private static string Template(string name, string sdkVersion)
    {
        var text = Resource("init/DatasetProject.dsproj").Replace("DatasetProject", name).Replace("DATADINGS_SDK_VERSION", sdkVersion);
        text = text.Replace("The examples read example.csv beside this file: build, then replace them with yours.",
            "The examples below read example.csv\n    beside this file: uncomment one, build, then replace them with yours.");
        return text.Replace("  <ItemGroup>\n", "  <!-- Uncomment to build:\n  <ItemGroup>\n").Replace("  </ItemGroup>\n", "  </ItemGroup>\n  -->\n");
    }

    public static string Resource(string name)
    {
        using var stream = typeof(InitCommand).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the resource {name} is missing from the tool");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
