using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.References;

public sealed class ModelProjectSolutionTests(SdkPackageFixture sdk) : ModelProjectTestBase(sdk)
{
    [Fact]
    public async Task In_a_parallel_solution_build_references_copy_transitively_and_Private_false_or_the_opt_out_leave_the_datasets_where_they_were_built()
    {
        var folder = Sdk.NewFolder("model-sln");
        var data = WriteDataset(folder);
        // Lib references the .dsproj; App only references Lib (transitive).
        WriteLibrary(folder);
        File.WriteAllText(Path.Combine(folder, "Lib", "Trainer.cs"), "namespace Lib; public static class Trainer { public static int Rows() { using var r = Datasets.Data.Rows.Open(); return r.Count; } }");
        var app = WriteApp(folder, "App", """<ProjectReference Include="../Lib/Lib.csproj" />""", PrintDatasets + "\nConsole.WriteLine($\"lib {Lib.Trainer.Rows()}\");");
        var notPrivate = WriteApp(folder, "NotPrivate", """<ProjectReference Include="../Data/Data.dsproj" Private="false" />""", PrintDatasets);
        var optOut = WriteApp(folder, "OptOut", """<ProjectReference Include="../Data/Data.dsproj" />""", PrintDatasets,
            properties: "<CopyDatasetsToOutput>false</CopyDatasetsToOutput>",
            extra: """
                <Target Name="ShowReferencedDatasets" AfterTargets="ResolveReferencedDatasets">
                  <Message Importance="high" Text="REFERENCED %(ReferencedDataset.DatasetName)|%(ReferencedDataset.Identity)|%(ReferencedDataset.Sharded)|%(ReferencedDataset.TargetPath)|%(ReferencedDataset.CopiedToOutput)" />
                </Target>
                """);
        File.WriteAllText(Path.Combine(folder, "All.slnx"), """
            <Solution>
              <Project Path="Data/Data.dsproj" Type="9A19103F-16F7-4668-BE54-9A1E7A4F7556" />
              <Project Path="Lib/Lib.csproj" />
              <Project Path="App/App.csproj" />
              <Project Path="NotPrivate/NotPrivate.csproj" />
              <Project Path="OptOut/OptOut.csproj" />
            </Solution>
            """);
        AssertSucceeded(await DotnetAsync(folder, "restore", "All.slnx"));

        // A design-time build generates the class from the declarations alone: nothing is converted or copied.
        var designTime = await DotnetAsync(folder, "msbuild", optOut, "-t:GenerateDatasetsClass", "-p:DesignTimeBuild=true", "-v:n");
        AssertSucceeded(designTime);
        Assert.Empty(Converted(designTime.Output));
        Assert.False(Directory.Exists(Path.Combine(Path.GetDirectoryName(data)!, "bin")), "a design-time build converted the datasets");
        var builtTable = Path.Combine(Path.GetDirectoryName(data)!, "bin", "datasets", "table.msgpack");
        Assert.Contains($"REFERENCED table|{builtTable}|false|datasets/Data/table.msgpack|false", designTime.Output);
        Assert.Contains("REFERENCED rows|" + builtTable.Replace("table.msgpack", "rows-*.msgpack") + "|true|datasets/Data/rows-*.msgpack|false", designTime.Output);
        var generated = File.ReadAllText(Path.Combine(folder, "OptOut", "obj", "Debug", "net10.0", "Datadings.Datasets.g.cs"));
        Assert.Contains("public static partial class Data { public static readonly global::Datadings.DatasetLocation Table = new(@\"table\"", generated);

        var build = await DotnetAsync(folder, "build", "All.slnx", "-m", "-warnaserror", "-v:n");
        AssertSucceeded(build);
        AssertNoWarnings(build.Output);

        // Transitive: App gets the copies through Lib, and both read them.
        Assert.True(File.Exists(Path.Combine(CopiedDatasets(app), "table.msgpack")));
        var appRun = await RunAsync(app);
        Assert.Contains($"table 3 {Path.Combine(CopiedDatasets(app), "table.msgpack")}", appRun);
        Assert.Contains("lib 5", appRun);

        // Private="false" and CopyDatasetsToOutput=false: no copies; the generated class points at the .dsproj's output.
        foreach (var project in new[] { notPrivate, optOut })
        {
            Assert.False(Directory.Exists(CopiedDatasets(project)), $"{Path.GetFileName(project)} got copies");
            Assert.Contains($"table 3 {builtTable}", await RunAsync(project));
        }
    }
}
