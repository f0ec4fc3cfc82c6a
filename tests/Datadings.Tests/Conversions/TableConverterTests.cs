using Datadings.Conversions;

namespace Datadings.Tests.Conversions;

public sealed class TableConverterTests : ConversionTestBase
{
    [Fact]
    public void Csv_cells_are_typed_and_the_key_column_names_samples()
    {
        var csv = "id,count,score,name,note,code\r\n"
            + "a1,3,0.5,\"Smith, J\",,007\r\n"
            + "a2,-12,1e3,\"say \"\"hi\"\"\",\"\",\"42\"\n"
            + "a3,99999999999999999999,.25,NaN,x,0x1F\n";

        Convert(CsvTableConverter.Csv(), [Source("t.csv", csv)], new() { ["KeyColumn"] = "id" });

        var rows = Read();
        Assert.Equal(["a1", "a2", "a3"], rows.Select(r => r.Key));
        Assert.Equal(["key", "id", "count", "score", "name", "note", "code"], rows[0].Keys);
        Assert.Equal((object?[])["a1", 3L, 0.5, "Smith, J", null, 7L], rows[0].Values.Skip(1).ToArray());
        Assert.Equal((object?[])["a2", -12L, 1000.0, "say \"hi\"", "", "42"], rows[1].Values.Skip(1).ToArray());
        Assert.Equal(1e20, rows[2]["count"]); // too large for long: a decimal number
        Assert.Equal((object?[])[0.25, "NaN", "x", "0x1F"], rows[2].Values.Skip(3).ToArray());
    }

    [Fact]
    public void Without_a_key_column_the_row_number_is_the_key_and_tsv_uses_tabs_and_quoted_newlines_work()
    {
        Convert(CsvTableConverter.Tsv(), [Source("t.tsv", "a\tb\n1\t\"two\nlines\"\n\n3\t4\n")]);

        var rows = Read();
        Assert.Equal(["0", "1"], rows.Select(r => r.Key));
        Assert.Equal("two\nlines", rows[0]["b"]);
        Assert.Equal(4L, rows[1]["b"]);
    }

    [Fact]
    public void A_row_with_the_wrong_column_count_names_its_line()
    {
        var e = Fails(CsvTableConverter.Csv(), [Source("t.csv", "a,b\n1,2\n3,4\n5,6,7\n")], error: ConversionError.BadRow);

        Assert.Equal("source 't.csv': line 4: the row has 3 fields, the header has 2", e.Message);
    }

    [Fact]
    public void Duplicate_keys_are_reported_with_both_samples()
    {
        var e = Fails(CsvTableConverter.Csv(), [Source("t.csv", "id,v\nx,1\ny,2\nx,3\n")], new() { ["KeyColumn"] = "id" }, ConversionError.DuplicateKey);

        Assert.Contains("duplicate key 'x': sample 2 has the same key as sample 0", e.Message);
    }

    [Fact]
    public void An_unknown_key_column_is_an_options_error()
    {
        var e = Fails(CsvTableConverter.Csv(), [Source("t.csv", "a,b\n1,2\n")], new() { ["KeyColumn"] = "id" }, ConversionError.InvalidOptions);

        Assert.Contains("columns: a, b", e.Message);
    }

    [Fact]
    public void An_unclosed_quote_is_a_bad_row()
    {
        Fails(CsvTableConverter.Csv(), [Source("t.csv", "a,b\n1,\"open\n")], error: ConversionError.BadRow);
    }

    [Fact]
    public void Json_lines_keep_json_types_and_nesting()
    {
        var jsonl = """
            {"id": "r1", "n": 5, "x": 2.5, "ok": true, "none": null, "tags": ["a", 1], "pos": {"lat": 1, "lon": 2.0}, "big": 18446744073709551615}

            {"id": 7, "n": -1}
            """;

        Convert(new JsonLinesConverter(), [Source("t.jsonl", jsonl)], new() { ["KeyColumn"] = "id" });

        var rows = Read();
        Assert.Equal(["r1", "7"], rows.Select(r => r.Key));
        Assert.Equal(5L, rows[0]["n"]);
        Assert.Equal(2.5, rows[0]["x"]);
        Assert.Equal(true, rows[0]["ok"]);
        Assert.Null(rows[0]["none"]);
        Assert.Equal(new List<object?> { "a", 1L }, rows[0]["tags"]);
        Assert.Equal(ulong.MaxValue, rows[0]["big"]);
        var pos = Assert.IsAssignableFrom<IDictionary<object, object?>>(rows[0]["pos"]);
        Assert.Equal(2.0, pos["lon"]);
        Assert.Equal(7L, rows[1]["id"]);
    }

    [Fact]
    public void A_line_that_is_not_a_json_object_names_its_line()
    {
        var e = Fails(new JsonLinesConverter(), [Source("t.jsonl", "{\"a\":1}\n[1,2]\n")], error: ConversionError.BadRow);
        Assert.StartsWith("source 't.jsonl': line 2: each line must be a JSON object", e.Message);

        e = Fails(new JsonLinesConverter(), [Source("u.jsonl", "{\"a\":1}\n{\"a\":\n")], error: ConversionError.BadRow);
        Assert.StartsWith("source 'u.jsonl': line 2: not valid JSON", e.Message);
    }
}
