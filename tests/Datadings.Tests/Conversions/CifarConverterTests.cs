using Datadings.Conversions;
using static Datadings.Tests.Conversions.SyntheticSources;

namespace Datadings.Tests.Conversions;

public sealed class CifarConverterTests : ConversionTestBase
{
    [Fact]
    public void Cifar10_batches_are_read_in_natural_order_whatever_the_archive_order()
    {
        var archive = TarGz(
            ("cifar-10-batches-bin/data_batch_2.bin", CifarBatch(3, hundred: false, seed: 2)),
            ("cifar-10-batches-bin/batches.meta.txt", "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n"u8.ToArray()),
            ("cifar-10-batches-bin/test_batch.bin", CifarBatch(2, hundred: false, seed: 9)),
            ("cifar-10-batches-bin/data_batch_1.bin", CifarBatch(4, hundred: false, seed: 1)));

        var result = Convert(CifarConverter.Cifar10(), [Source("cifar-10-binary.tar.gz", archive)]);

        var samples = Read();
        Assert.Equal(7, result.SampleCount);
        Assert.Equal(["data_batch_1_00000", "data_batch_1_00001", "data_batch_1_00002", "data_batch_1_00003",
            "data_batch_2_00000", "data_batch_2_00001", "data_batch_2_00002"], samples.Select(s => s.Key));
        var fifth = samples[4];
        Assert.Equal((long)((0 + 2) % 10), fifth["label"]);
        var image = TestPngDecoder.Decode((byte[])fifth["image"]!);
        Assert.Equal((32, 32, 3), (image.Width, image.Height, image.Channels));
        Assert.Equal(CifarRgb(0, seed: 2), image.Pixels);
        Assert.Equal("airplane;automobile;bird;cat;deer;dog;frog;horse;ship;truck", result.Metadata["ClassNames"]);
    }

    [Fact]
    public void Batches_option_selects_the_test_split()
    {
        var archive = TarGz(
            ("cifar-10-batches-bin/data_batch_1.bin", CifarBatch(4, hundred: false, seed: 1)),
            ("cifar-10-batches-bin/test_batch.bin", CifarBatch(2, hundred: false, seed: 9)));

        Convert(CifarConverter.Cifar10(), [Source("c.tar.gz", archive)], new() { ["Batches"] = "**/test_batch.bin" });

        Assert.Equal(["test_batch_00000", "test_batch_00001"], Read().Select(s => s.Key));
    }

    [Fact]
    public void Cifar100_records_have_fine_and_coarse_labels_and_both_name_lists()
    {
        var archive = TarGz(
            ("cifar-100-binary/coarse_label_names.txt", "aquatic_mammals\nfish\n"u8.ToArray()),
            ("cifar-100-binary/fine_label_names.txt", "apple\naquarium_fish\nbaby\n"u8.ToArray()),
            ("cifar-100-binary/train.bin", CifarBatch(3, hundred: true, seed: 4)));

        var result = Convert(CifarConverter.Cifar100(), [Source("cifar-100-binary.tar.gz", archive)]);

        var second = Read()[1];
        Assert.Equal(["key", "image", "label", "coarse_label"], second.Keys);
        Assert.Equal((long)((1 * 3 + 4) % 100), second["label"]);
        Assert.Equal((long)((1 + 4) % 20), second["coarse_label"]);
        Assert.Equal(CifarRgb(1, seed: 4), TestPngDecoder.Decode((byte[])second["image"]!).Pixels);
        Assert.Equal("apple;aquarium_fish;baby", result.Metadata["ClassNames"]);
        Assert.Equal("aquatic_mammals;fish", result.Metadata["CoarseClassNames"]);
    }

    [Fact]
    public void A_batch_that_is_not_a_whole_number_of_records_names_the_entry_and_record()
    {
        var archive = TarGz(("cifar-10-batches-bin/data_batch_1.bin", CifarBatch(3, hundred: false, seed: 1)[..^10]));

        var e = Fails(CifarConverter.Cifar10(), [Source("c.tar.gz", archive)], error: ConversionError.CifarLayout);

        Assert.Contains("entry 'cifar-10-batches-bin/data_batch_1.bin'", e.Message);
        Assert.Contains("record 2", e.Message);
    }

    [Fact]
    public void A_corrupt_archive_is_a_corrupt_source_naming_it()
    {
        var archive = TarGz(("cifar-10-batches-bin/data_batch_1.bin", CifarBatch(30, hundred: false, seed: 1)));
        var damaged = archive[..(archive.Length / 2)];

        var e = Fails(CifarConverter.Cifar10(), [Source("c.tar.gz", damaged)], error: ConversionError.CorruptSource);

        Assert.Contains("source 'c.tar.gz'", e.Message);
    }
}
