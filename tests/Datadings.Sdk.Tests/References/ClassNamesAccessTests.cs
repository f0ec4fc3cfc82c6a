using Datadings.Sdk.Tests.Support;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Sdk.Tests.References;

/// <summary>Class names of referenced datasets reach the model project's generated Datasets class.</summary>
public sealed class ClassNamesAccessTests(SdkPackageFixture sdk) : ModelProjectTestBase(sdk)
{
    [Fact]
    public async Task A_converters_class_names_a_declared_list_and_a_splits_inherited_names_are_printed_by_the_compiled_model()
    {
        var folder = Sdk.NewFolder("class-names-access");
        var csv = "id,label\na,0\nb,1\n";
        Directory.CreateDirectory(Path.Combine(folder, "Data"));
        File.WriteAllText(Path.Combine(folder, "Data", "table.csv"), csv);
        File.WriteAllText(Path.Combine(folder, "Data", "coarse.json"), """{"classes": [{"id": 0, "name": "animal"}], "map": {"0": 0, "1": 0}}""");
        WriteDataProject(folder, "Data", $"""
            {Served("tree.zip", Zip(("cat/1.png", [1]), ("dog/2.png", [2]), ("cat/3.png", [3]), ("dog/4.png", [4])))}
            <DatasetSource Include="table.csv" Md5="{TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(csv))}" />
            <DatasetConversion Include="pets" Converter="LabelledTree" Source="tree.zip" />
            <DatasetSplit Include="halves" Input="pets" Parts="train:0.5; test:0.5" />
            <DatasetConversion Include="table" Converter="Csv" Source="table.csv" KeyColumn="id" ClassNames="zero;one &quot;quoted&quot;" />
            <DatasetShuffle Include="mixed" Input="table" Seed="1" ClassNames="a;b" />
            <DatasetConversion Include="plain" Converter="Csv" Source="table.csv" KeyColumn="id" />
            <DatasetRelabel Include="coarse" Input="pets" Map="coarse.json" />
            <DatasetShuffle Include="coarse-mixed" Input="coarse" Seed="1" />
            """);
        var model = WriteApp(folder, "Model", """<ProjectReference Include="../Data/Data.dsproj" />""", """
            foreach (var d in new[] { Datasets.Data.Pets, Datasets.Data.Train, Datasets.Data.Table, Datasets.Data.Mixed, Datasets.Data.Plain, Datasets.Data.CoarseMixed })
                Console.WriteLine($"{d.Name}: [{string.Join("|", d.ClassNames)}]");
            """);

        var build = await BuildAsync(model, "-warnaserror");
        AssertSucceeded(build);
        var run = await RunAsync(model);
        Assert.Contains("pets: [cat|dog]", run);      // found by the converter in the folder names
        Assert.Contains("train: [cat|dog]", run);     // a split part keeps its input's names
        Assert.Contains("table: [zero|one \"quoted\"]", run); // declared on the item, escaped in the generated C#
        Assert.Contains("mixed: [a|b]", run);         // a derived item's own names win
        Assert.Contains("plain: []", run);
        Assert.Contains("coarse-mixed: [animal]", run); // the relabel's map's names, kept by the shuffle

        // A second build changes nothing: the generated class is not rewritten.
        var generated = Path.Combine(Path.GetDirectoryName(model)!, "obj", "Debug", "net10.0", "Datadings.Datasets.g.cs");
        var written = File.GetLastWriteTimeUtc(generated);
        AssertSucceeded(await BuildAsync(model));
        Assert.Equal(written, File.GetLastWriteTimeUtc(generated));

        // The IDE's design-time build converts nothing but reads the names the last build recorded: IntelliSense sees
        // the converter's names, and it writes the same class (rewriting it would recompile the model every build).
        var content = File.ReadAllText(generated);
        AssertSucceeded(await DotnetAsync(Path.GetDirectoryName(model)!, "msbuild", "-t:GenerateDatasetsClass", "-p:DesignTimeBuild=true"));
        Assert.Equal(content, File.ReadAllText(generated));
        Assert.Equal(written, File.GetLastWriteTimeUtc(generated));
        Assert.Contains("@\"cat\", @\"dog\"", Assert.Single(File.ReadAllLines(generated), l => l.Contains(" Pets = new(")));
        // A relabel's names (and those of what derives from it) are its map's, read from the map in design-time builds too.
        Assert.Contains("@\"animal\"", Assert.Single(File.ReadAllLines(generated), l => l.Contains(" CoarseMixed = new(")));
    }

    [Fact]
    public async Task A_design_time_build_gives_derived_datasets_the_declared_names_they_inherit_and_their_own()
    {
        var folder = Sdk.NewFolder("class-names-design-time");
        var csv = "id,label\na,0\nb,1\nc,0\nd,1\n";
        Directory.CreateDirectory(Path.Combine(folder, "Data"));
        File.WriteAllText(Path.Combine(folder, "Data", "table.csv"), csv);
        File.WriteAllText(Path.Combine(folder, "Data", "map.json"), """{"classes": [{"id": 0, "name": "even"}, {"id": 1, "name": "odd"}], "map": {"0": 0, "1": 1}}""");
        WriteDataProject(folder, "Data", $"""
            <DatasetSource Include="table.csv" Md5="{TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(csv))}" />
            <DatasetConversion Include="table" Converter="Csv" Source="table.csv" KeyColumn="id" ClassNames="zero;one" />
            <DatasetShuffle Include="shuffled" Input="table" Seed="1" />
            <DatasetSplit Include="halves" Input="shuffled" Parts="train:0.5; test:0.5" />
            <DatasetMerge Include="both" Inputs="train;test" />
            <DatasetSample Include="named" Input="table" Count="2" ClassNames="a;b" />
            <DatasetSplit Include="renamed" Input="table" Parts="left:0.5;right:0.5" ClassNames="l;r" />
            <DatasetMerge Include="mixed" Inputs="table;named" />
            <DatasetRelabel Include="relabelled" Input="table" Map="map.json" />
            <DatasetShuffle Include="relabelled-mixed" Input="relabelled" Seed="2" />
            <DatasetRelabel Include="broken" Input="table" Map="missing.json" />
            """);
        var model = WriteApp(folder, "Model", """<ProjectReference Include="../Data/Data.dsproj" />""", """Console.WriteLine(Datasets.Data.Train.ClassNames.Count);""");
        AssertSucceeded(await DotnetAsync(Path.GetDirectoryName(model)!, "restore"));

        // The IDE's design-time build builds nothing: the names come from the declarations, inherited along the chain.
        var designTime = await DotnetAsync(Path.GetDirectoryName(model)!, "msbuild", "-t:GenerateDatasetsClass", "-p:DesignTimeBuild=true");
        AssertSucceeded(designTime);
        Assert.False(Directory.Exists(Path.Combine(folder, "Data", "bin")), "a design-time build converted the datasets");
        var generated = File.ReadAllLines(Path.Combine(Path.GetDirectoryName(model)!, "obj", "Debug", "net10.0", "Datadings.Datasets.g.cs"));
        string Names(string member) => Assert.Single(generated, l => l.Contains($" {member} = new(")) is var line && line.Contains("new string[]")
            ? line[(line.IndexOf("new string[] {", StringComparison.Ordinal) + 14)..line.IndexOf('}', line.IndexOf("new string[] {", StringComparison.Ordinal))].Replace("@", "").Replace("\"", "").Replace(" ", "")
            : "";
        Assert.Equal("zero,one", Names("Table"));
        Assert.Equal("zero,one", Names("Shuffled"));   // a shuffle keeps its input's names
        Assert.Equal("zero,one", Names("Train"));      // a split part of the shuffle, two steps away
        Assert.Equal("zero,one", Names("Both"));       // a merge of inputs with the same names
        Assert.Equal("a,b", Names("Named"));           // an item's own names
        Assert.Equal("l,r", Names("Left"));            // a split's own names reach each part
        Assert.Equal("", Names("Mixed"));              // a merge of inputs whose names differ has none
        Assert.Equal("even,odd", Names("Relabelled")); // a relabel has its map's names, read from the map (a project file)
        Assert.Equal("even,odd", Names("RelabelledMixed"));
        Assert.Equal("", Names("Broken"));             // a map that is not there gives none (the real build reports it)
    }
}
