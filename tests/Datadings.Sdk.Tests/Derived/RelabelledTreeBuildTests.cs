using Datadings.Reading;
using Datadings.Sdk.Tests.Conversions;
using Datadings.Sdk.Tests.Support;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Sdk.Tests.Derived;

/// <summary>
/// `_label` keeps Python datadings' meaning, the label as the source gave it, through a relabel: a LabelledTree's
/// class name survives a DatasetRelabel (and a second one); a dataset without `_label` gets the remapped original.
/// </summary>
public sealed class RelabelledTreeBuildTests(SdkPackageFixture sdk) : ConversionTestBase(sdk)
{
    [Fact]
    public async Task A_relabelled_labelled_tree_keeps_its_class_names_in_underscore_label()
    {
        var folder = Sdk.NewFolder("relabel-tree");
        var projectDir = Path.Combine(folder, "data");
        Directory.CreateDirectory(projectDir);
        // cat = 0, dog = 1 (sorted folder names) → swapped, then mapped again.
        File.WriteAllText(Path.Combine(projectDir, "swap.json"), """{"classes": [{"id": 0, "name": "dog"}, {"id": 1, "name": "cat"}], "map": {"0": 1, "1": 0}}""");
        File.WriteAllText(Path.Combine(projectDir, "again.json"), """{"map": {"0": 10, "1": 11}}""");
        File.WriteAllText(Path.Combine(projectDir, "digits.csv"), "id,label\na,7\nb,8\n");
        File.WriteAllText(Path.Combine(projectDir, "digits.json"), """{"map": {"7": 0, "8": 1}}""");
        var project = WriteDataProject(folder, "data", $"""
            {Served("tree.zip", Zip(("cat/1.png", [1]), ("dog/2.png", [2]), ("cat/3.png", [3])))}
            <DatasetSource Include="digits.csv" Md5="{TestBytes.Md5(File.ReadAllBytes(Path.Combine(projectDir, "digits.csv")))}" />
            <DatasetConversion Include="pets" Converter="LabelledTree" Source="tree.zip" />
            <DatasetRelabel Include="pets-swapped" Input="pets" Map="swap.json" />
            <DatasetRelabel Include="pets-again" Input="pets-swapped" Map="again.json" />
            <DatasetConversion Include="digits" Converter="Csv" Source="digits.csv" KeyColumn="id" />
            <DatasetRelabel Include="digits-relabelled" Input="digits" Map="digits.json" />
            """);

        AssertSucceeded(await BuildAsync(project));

        var datasets = DatasetsDir(project);
        using (var pets = new DatasetReader(Path.Combine(datasets, "pets.msgpack")))
            Assert.Equal([(0L, "cat"), (0L, "cat"), (1L, "dog")], pets.Select(s => ((long)s["label"]!, (string)s["_label"]!)));
        using (var swapped = new DatasetReader(Path.Combine(datasets, "pets-swapped.msgpack")))
        {
            Assert.Equal([(1L, "cat"), (1L, "cat"), (0L, "dog")], swapped.Select(s => ((long)s["label"]!, (string)s["_label"]!)));
            Assert.Equal(["key", "image", "label", "_label"], swapped[0].Keys); // kept where it stood, not added twice
        }
        using (var again = new DatasetReader(Path.Combine(datasets, "pets-again.msgpack")))
            Assert.Equal([(11L, "cat"), (11L, "cat"), (10L, "dog")], again.Select(s => ((long)s["label"]!, (string)s["_label"]!)));
        using (var digits = new DatasetReader(Path.Combine(datasets, "digits-relabelled.msgpack")))
        {
            Assert.Equal([(0L, 7L), (1L, 8L)], digits.Select(s => ((long)s["label"]!, (long)s["_label"]!)));
            Assert.Equal(["key", "id", "label", "_label"], digits[0].Keys);
        }
    }
}
