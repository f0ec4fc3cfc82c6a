using Datadings.Conversions;

namespace Datadings.Tests.Conversions;

/// <summary>Runs only where Debian's python3-sklearn is installed (CI installs it); skipped with the reason otherwise.</summary>
public sealed class SklearnDataFactAttribute : FactAttribute
{
    public const string Directory = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    public SklearnDataFactAttribute()
    {
        if (!File.Exists(Path.Combine(Directory, "wine_data.csv")) || !File.Exists(Path.Combine(Directory, "iris.csv")))
            Skip = $"scikit-learn's bundled CSVs are not in {Directory}: apt-get install python3-sklearn";
    }
}

/// <summary>
/// sklearn's bundled tables start with a metadata row (sample count, feature count, class names), not a header:
/// the header options read them as sklearn's load_wine/load_iris do.
/// </summary>
public sealed class SklearnCsvTests : ConversionTestBase
{
    private static readonly string[] WineColumns =
        ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids", "nonflavanoid_phenols",
         "proanthocyanins", "color_intensity", "hue", "od280_od315", "proline", "target"];

    private ConversionSource Real(string file) => new(file, Path.Combine(SklearnDataFactAttribute.Directory, file));

    [SklearnDataFact]
    public void Wine_data_fails_as_a_plain_csv_and_converts_with_its_metadata_row_skipped()
    {
        var e = Assert.Throws<ConversionException>(() => Convert(CsvTableConverter.Csv(), [Real("wine_data.csv")]));
        Assert.Equal("source 'wine_data.csv': line 2: the row has 14 fields, the header has 5 (if the first rows are metadata, skip them with SkipRows; without a header row, set Header=\"false\" and ColumnNames)", e.Message);

        var result = Convert(CsvTableConverter.Csv(), [Real("wine_data.csv")],
            new() { ["SkipRows"] = "1", ["Header"] = "false", ["ColumnNames"] = string.Join(';', WineColumns) });

        Assert.Equal(178, result.SampleCount);
        var rows = Read();
        Assert.Equal(["key", .. WineColumns], rows[0].Keys);
        Assert.Equal(14.23, rows[0]["alcohol"]);
        // magnesium and proline are whole numbers in every row: int columns; every other feature is float everywhere.
        Assert.All(rows, r => Assert.IsType<long>(r["magnesium"]));
        Assert.All(rows, r => Assert.IsType<double>(r["color_intensity"]));
        Assert.Equal([59, 71, 48], rows.GroupBy(r => (long)r["target"]!).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Empty(Context!.Warnings);
    }

    [SklearnDataFact]
    public void Iris_warns_that_its_header_is_numbers_and_converts_with_column_names()
    {
        Convert(CsvTableConverter.Csv(), [Real("iris.csv")]);
        Assert.Contains("the header row names columns '150', '4', which are numbers", Assert.Single(Context!.Warnings).Message);

        var result = Convert(CsvTableConverter.Csv(), [Real("iris.csv")],
            new() { ["ColumnNames"] = "sepal_length;sepal_width;petal_length;petal_width;target", ["ColumnTypes"] = "target:int" });

        Assert.Equal(150, result.SampleCount);
        Assert.Empty(Context!.Warnings);
        var rows = Read();
        Assert.Equal((object?[])["0", 5.1, 3.5, 1.4, 0.2, 0L], rows[0].Values.ToArray());
        Assert.All(rows, r => Assert.IsType<double>(r["sepal_width"]));
        Assert.Equal([0L, 1L, 2L], rows.Select(r => r["target"]).Distinct());
    }
}
