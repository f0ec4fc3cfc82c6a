using Datadings.Conversions.ImageNet;
using static Datadings.Tests.Conversions.RecipeMiniatures;

namespace Datadings.Tests.Conversions.ImageNet;

/// <summary>The MAT-file reader on files SciPy wrote (make_meta_mat.py), compressed (MATLAB's default) and not.</summary>
public class MatFileTests
{
    [Theory]
    [InlineData("meta.mat")]
    [InlineData("meta-uncompressed.mat")]
    public void The_devkit_synsets_struct_array_reads_with_its_fields_numbers_and_text(string file)
    {
        var synsets = Assert.IsType<MatStruct>(MatFile.Read(IlsvrcMetaMat(file))["synsets"]);

        Assert.Equal([5, 1], synsets.Dimensions);
        Assert.Equal(["ILSVRC2012_ID", "WNID", "words", "gloss", "num_children", "children", "wordnet_height", "num_train_images"], synsets.Fields);
        Assert.Equal([1.0], Assert.IsType<MatNumbers>(synsets.Field(0, "ILSVRC2012_ID")).Values);
        Assert.Equal("n01440764", Assert.IsType<MatText>(synsets.Field(1, "WNID")).Text);
        Assert.Equal("goldfish, Carassius auratus", Assert.IsType<MatText>(synsets.Field(2, "words")).Text);
        Assert.Equal([1.0, 2.0, 3.0], Assert.IsType<MatNumbers>(synsets.Field(4, "children")).Values);
        Assert.Equal(0, synsets.Field(0, "children").Count); // a leaf's children: an empty array
    }

    [Fact]
    public void A_truncated_or_foreign_file_is_an_error_naming_the_problem_and_offset()
    {
        var bytes = IlsvrcMetaMat("meta-uncompressed.mat");
        var cut = Assert.Throws<InvalidDataException>(() => MatFile.Read(bytes[..300]));
        Assert.Matches(@"the data element at byte 128 declares \d+ bytes, but only 164 follow", cut.Message);
        Assert.Equal("not a MAT-file: the header does not start with 'MATLAB'", Assert.Throws<InvalidDataException>(() => MatFile.Read(new byte[200])).Message);
        var damaged = IlsvrcMetaMat();
        damaged[^10] ^= 0xFF;
        Assert.StartsWith("the compressed element at byte 136 is damaged", Assert.Throws<InvalidDataException>(() => MatFile.Read(damaged)).Message);
    }
}
