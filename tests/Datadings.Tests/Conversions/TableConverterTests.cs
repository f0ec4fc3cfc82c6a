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
        // Types are decided per column: 'count' holds an integer beyond 64 bits, so the whole column is text
        // (with a warning); 'code' holds text, so 007 stays "007".
        Assert.Equal((object?[])["a1", "3", 0.5, "Smith, J", null, "007"], rows[0].Values.Skip(1).ToArray());
        Assert.Equal((object?[])["a2", "-12", 1000.0, "say \"hi\"", "", "42"], rows[1].Values.Skip(1).ToArray());
        Assert.Equal((object?[])["99999999999999999999", 0.25, "NaN", "x", "0x1F"], rows[2].Values.Skip(2).ToArray());
        var warning = Assert.Single(Context!.Warnings);
        Assert.Equal("source 't.csv': line 4: column 'count': the value '99999999999999999999' is an integer beyond 64 bits, so the column is kept as text", warning.Message);
        Assert.Equal(ConversionWarningKind.ValueDoesNotFit, warning.Kind);
    }

    [Fact]
    public void A_column_of_integers_and_decimals_is_float_in_every_sample()
    {
        Convert(CsvTableConverter.Csv(), [Source("wine.csv", "alcohol,class,n\n13.2,1,\n14,2,5\n12.9,1,7\n")]);

        var rows = Read();
        Assert.Equal([13.2, 14.0, 12.9], rows.Select(r => r["alcohol"]));
        Assert.All(rows, r => Assert.IsType<double>(r["alcohol"]));
        Assert.Equal([1L, 2L, 1L], rows.Select(r => r["class"]));
        Assert.Equal((object?[])[null, 5L, 7L], rows.Select(r => r["n"]).ToArray());
        Assert.Empty(Context!.Warnings);
    }

    [Fact]
    public void A_float_beyond_a_double_warns_and_keeps_the_column_as_text()
    {
        Convert(CsvTableConverter.Csv(), [Source("t.csv", "x\n1.5\n1e400\n")]);

        Assert.Equal(["1.5", "1e400"], Read().Select(r => r["x"]));
        Assert.Contains("line 3: column 'x': the value '1e400' is beyond the range of a 64-bit float, so the column is kept as text", Assert.Single(Context!.Warnings).Message);
    }

    [Fact]
    public void Declared_column_types_win_and_a_value_that_does_not_parse_names_its_line()
    {
        Convert(CsvTableConverter.Csv(), [Source("t.csv", "a,b,c\n1,2,x\n3,4.5,y\n")], new() { ["ColumnTypes"] = "a:float; b:string" });
        var rows = Read();
        Assert.Equal([1.0, 3.0], rows.Select(r => r["a"]));
        Assert.Equal(["2", "4.5"], rows.Select(r => r["b"]));

        var e = Fails(CsvTableConverter.Csv(), [Source("u.csv", "a\n1\n2.5\n")], new() { ["ColumnTypes"] = "a:int" }, ConversionError.BadRow);
        Assert.Equal("source 'u.csv': line 3: column 'a' is declared int (ColumnTypes), but '2.5' is not an integer that fits 64 bits", e.Message);
        var unknown = Fails(CsvTableConverter.Csv(), [Source("v.csv", "a\n1\n")], new() { ["ColumnTypes"] = "z:int" }, ConversionError.InvalidOptions);
        Assert.Contains("ColumnTypes names 'z', which is not a column of 'v.csv' (columns: a)", unknown.Message);
    }

    [Fact]
    public void Cr_and_crlf_inside_quoted_fields_are_kept_and_bare_cr_ends_a_record()
    {
        // Python: list(csv.reader(io.StringIO('a,b\r"x\r\ny","p\rq"\r\n1,2\r', newline=''))) keeps both breaks.
        Convert(CsvTableConverter.Csv(), [Source("t.csv", "a,b\r\"x\r\ny\",\"p\rq\"\r\n1,2\r")]);

        var rows = Read();
        Assert.Equal(["x\r\ny", "1"], rows.Select(r => r["a"]));
        Assert.Equal(["p\rq", "2"], rows.Select(r => r["b"]));
    }

    [Fact]
    public void A_table_without_a_header_row_takes_column_names_and_skips_metadata_rows()
    {
        var csv = "3,2,class_0,class_1\n13.2,1.78,0\n14,2.5,1\n12.9,1.1,1\n";
        var e = Fails(CsvTableConverter.Csv(), [Source("w.csv", csv)], error: ConversionError.BadRow);
        Assert.Contains("line 2: the row has 3 fields, the header has 4 (if the first rows are metadata, skip them with SkipRows", e.Message);

        Convert(CsvTableConverter.Csv(), [Source("w.csv", csv)], new() { ["SkipRows"] = "1", ["Header"] = "false", ["ColumnNames"] = "alcohol;malic_acid;target" });
        var rows = Read();
        Assert.Equal(["0", "1", "2"], rows.Select(r => r.Key));
        Assert.Equal(["key", "alcohol", "malic_acid", "target"], rows[0].Keys);
        Assert.Equal([13.2, 14.0, 12.9], rows.Select(r => r["alcohol"]));
        Assert.Equal([0L, 1L, 1L], rows.Select(r => r["target"]));

        var missingNames = Fails(CsvTableConverter.Csv(), [Source("w.csv", csv)], new() { ["Header"] = "false" }, ConversionError.InvalidOptions);
        Assert.Contains("Header=\"false\" needs ColumnNames", missingNames.Message);
    }

    [Fact]
    public void A_header_of_numbers_converts_with_a_warning_that_suggests_the_header_options()
    {
        Convert(CsvTableConverter.Csv(), [Source("iris.csv", "150,4,setosa\n5.1,3.5,0\n4.9,3.0,0\n")]);

        Assert.Contains("line 1: the header row names columns '150', '4', which are numbers: if that row is data or metadata, set Header=\"false\" (or SkipRows) and ColumnNames",
            Assert.Single(Context!.Warnings).Message);
    }

    [Fact]
    public void Json_lines_numbers_are_typed_per_property_and_out_of_range_numbers_warn()
    {
        Convert(new JsonLinesConverter(), [Source("t.jsonl",
            "{\"x\": 13.2, \"n\": 1, \"f\": 1.5, \"u\": 1}\n{\"x\": 14, \"n\": 2, \"f\": 2, \"u\": 18446744073709551615}\n{\"x\": 1e400, \"n\": 100000000000000000000000, \"f\": 3, \"u\": -1}\n")]);

        var rows = Read();
        Assert.Equal(["13.2", "14", "1e400"], rows.Select(r => r["x"]));
        Assert.Equal([1.0, 2.0, 1e23], rows.Select(r => r["n"]));
        Assert.Equal([1.5, 2.0, 3.0], rows.Select(r => r["f"]));
        Assert.Equal((object?[])[1L, 18446744073709551615UL, -1L], rows.Select(r => r["u"]).ToArray());
        Assert.Equal(2, Context!.Warnings.Count);
        Assert.Contains(Context.Warnings, w => w.Message.Contains("line 3: property 'x': the value 1e400 is beyond the range of a 64-bit float"));
        Assert.Contains(Context.Warnings, w => w.Message.Contains("line 3: property 'n': the value 100000000000000000000000 is an integer beyond 64 bits"));
    }

    [Fact]
    public void Without_a_key_column_the_row_number_is_the_key_and_tsv_uses_tabs_and_quoted_newlines_work()
    {
        Convert(CsvTableConverter.Tsv(), [Source("t.tsv", "a\tb\n1\t\"two\nlines\"\n\n3\t4\n")]);

        var rows = Read();
        Assert.Equal(["0", "1"], rows.Select(r => r.Key));
        Assert.Equal("two\nlines", rows[0]["b"]);
        Assert.Equal("4", rows[1]["b"]); // the column holds text, so 4 is text too
        Assert.Equal([1L, 3L], rows.Select(r => r["a"]));
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
        Assert.Equal("7", rows[1]["id"]); // 'id' holds a string elsewhere, so its numbers are text: one schema
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
