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
        WriteDataProject(folder, "Data", $"""
            {Served("tree.zip", Zip(("cat/1.png", [1]), ("dog/2.png", [2]), ("cat/3.png", [3]), ("dog/4.png", [4])))}
            <DatasetSource Include="table.csv" Md5="{TestBytes.Md5(System.Text.Encoding.UTF8.GetBytes(csv))}" />
            <DatasetConversion Include="pets" Converter="LabelledTree" Source="tree.zip" />
            <DatasetSplit Include="halves" Input="pets" Parts="train:0.5; test:0.5" />
            <DatasetConversion Include="table" Converter="Csv" Source="table.csv" KeyColumn="id" ClassNames="zero;one &quot;quoted&quot;" />
            <DatasetShuffle Include="mixed" Input="table" Seed="1" ClassNames="a;b" />
            <DatasetConversion Include="plain" Converter="Csv" Source="table.csv" KeyColumn="id" />
            """);
        var model = WriteApp(folder, "Model", """<ProjectReference Include="../Data/Data.dsproj" />""", """
            foreach (var d in new[] { Datasets.Data.Pets, Datasets.Data.Train, Datasets.Data.Table, Datasets.Data.Mixed, Datasets.Data.Plain })
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

        // A second build changes nothing: the generated class is not rewritten.
        var generated = Path.Combine(Path.GetDirectoryName(model)!, "obj", "Debug", "net10.0", "Datadings.Datasets.g.cs");
        var written = File.GetLastWriteTimeUtc(generated);
        AssertSucceeded(await BuildAsync(model));
        Assert.Equal(written, File.GetLastWriteTimeUtc(generated));
    }
}
