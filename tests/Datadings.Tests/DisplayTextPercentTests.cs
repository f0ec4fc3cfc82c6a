namespace Datadings.Tests;

/// <summary>Shares as `info` and the cards print them: never "0.0" for some, never "100.0" for not all.</summary>
public class DisplayTextPercentTests
{
    [Theory]
    [InlineData(0, 5000, 1, "0")]
    [InlineData(2, 10_000, 1, "<0.1")]        // 5,000 labels of 2 samples each: 0.02 %
    [InlineData(4, 10_000, 1, "<0.1")]
    [InlineData(6, 10_000, 1, "0.1")]
    [InlineData(1, 3, 1, "33.3")]
    [InlineData(9_999, 10_000, 1, ">99.9")]   // 99.99 % would round to "100.0"
    [InlineData(9_994, 10_000, 1, "99.9")]
    [InlineData(10_000, 10_000, 1, "100")]
    [InlineData(1, 100_000, 2, "<0.01")]
    [InlineData(1, 4, 2, "25.00")]
    [InlineData(1, 1000, 0, "<1")]
    public void Small_and_almost_whole_shares_are_not_rounded_to_none_or_all(long count, long total, int decimals, string expected) =>
        Assert.Equal(expected, DisplayText.Percent(count, total, decimals));

    [Fact]
    public void A_count_above_the_total_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DisplayText.Percent(3, 2));
}
