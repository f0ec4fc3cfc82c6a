namespace Datadings.Tests;

public class ByteSizesTests
{
    [Theory]
    [InlineData(0, "0.0 kB/s")]
    [InlineData(40_000, "40.0 kB/s")]
    [InlineData(999_000, "999.0 kB/s")]
    [InlineData(1_000_000, "1.0 MB/s")]
    [InlineData(123_450_000, "123.5 MB/s")]
    public void Rates_below_one_MB_per_second_are_shown_in_kB(double bytesPerSecond, string expected) =>
        Assert.Equal(expected, ByteSizes.FormatRate(bytesPerSecond));

    [Theory]
    [InlineData(999, "999 B")]
    [InlineData(1_500, "1.5 kB")]
    [InlineData(2_500_000, "2.5 MB")]
    [InlineData(3_210_000_000, "3.21 GB")]
    public void Sizes_use_decimal_units(long bytes, string expected) => Assert.Equal(expected, ByteSizes.Format(bytes));
}
