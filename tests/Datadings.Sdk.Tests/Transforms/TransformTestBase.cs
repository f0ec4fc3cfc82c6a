using System.Formats.Tar;
using System.IO.Compression;
using Datadings.Imaging;
using Datadings.Reading;
using Datadings.Sdk.Tests.Derived;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.Transforms;

/// <summary>
/// Real builds of .dsproj files whose DatasetTransform items read real photographs: Debian's python3-skimage data
/// folder (astronaut, coffee, chelsea, …), packed by the test into a labelled tar.gz the project converts.
/// </summary>
public abstract class TransformTestBase(SdkPackageFixture sdk) : DerivedTestBase(sdk)
{
    /// <summary>Where python3-skimage keeps its sample images.</summary>
    protected const string SkimageData = "/usr/lib/python3/dist-packages/skimage/data";

    /// <summary>Colour photographs of different sizes and aspect ratios, PNG and JPEG.</summary>
    protected static readonly string[] Photos = ["astronaut.png", "coffee.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png", "camera.png"];

    protected static string Photo(string name)
    {
        var path = Path.Combine(SkimageData, name);
        Assert.True(File.Exists(path), $"{path} is missing: install Debian's python3-skimage (.ci/run does)");
        return path;
    }

    /// <summary>Packs <paramref name="files"/> (name in the archive → bytes) under <c>photo/</c> into DIR/NAME.tar.gz; returns its DatasetSource item.</summary>
    protected static string WritePhotoArchive(string projectDirectory, string name, IEnumerable<(string Name, byte[] Bytes)> files)
    {
        Directory.CreateDirectory(projectDirectory);
        var path = Path.Combine(projectDirectory, name);
        using (var stream = File.Create(path))
        using (var gzip = new GZipStream(stream, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (entry, bytes) in files)
            {
                var tarEntry = new PaxTarEntry(TarEntryType.RegularFile, "photo/" + entry) { DataStream = new MemoryStream(bytes), ModificationTime = DateTimeOffset.UnixEpoch };
                tar.WriteEntry(tarEntry);
            }
        }
        return $"""<DatasetSource Include="{name}" Md5="{TestBytes.Md5(File.ReadAllBytes(path))}" />""";
    }

    protected static IEnumerable<(string, byte[])> PhotoFiles(params string[] names) => names.Select(n => (n, File.ReadAllBytes(Photo(n))));

    /// <summary>Writes NAME/NAME.dsproj with the photo archive as source and <paramref name="items"/>.</summary>
    protected string WritePhotoProject(string folder, string name, IEnumerable<(string Name, byte[] Bytes)> photos, string items, string properties = "")
    {
        var directory = Path.Combine(folder, name);
        var source = WritePhotoArchive(directory, "photos.tar.gz", photos);
        return WriteDerivedProject(folder, name, new Dictionary<string, string>(), $"""
            {source}
            <DatasetConversion Include="photos" Converter="LabelledTree" Source="photos.tar.gz" />
            {items}
            </ItemGroup>
            <PropertyGroup>
              {properties}
            </PropertyGroup>
            <ItemGroup>
            """);
    }

    /// <summary>The "computed C of N samples" line of a transform's build summary.</summary>
    protected static (int Computed, int Total) ComputedSamples(string log, string dataset)
    {
        var line = log.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith($"{dataset}: computed ", StringComparison.Ordinal));
        var words = line[(dataset.Length + ": computed ".Length)..].Split(' ');
        return (int.Parse(words[0].Replace(",", "")), int.Parse(words[2].Replace(",", "")));
    }

    protected static byte[] Field(DatasetReader reader, string key, string field)
    {
        Assert.True(reader.TryFindIndex(key, out var index), $"no sample {key}");
        return Assert.IsType<byte[]>(reader[index][field]);
    }

    protected static RasterImage DecodeField(DatasetReader reader, string key, string field) => ImageCodec.Decode(Field(reader, key, field));
}
