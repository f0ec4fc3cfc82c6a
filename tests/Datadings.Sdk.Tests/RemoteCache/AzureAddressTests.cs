using Datadings.Caching.Azure;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>An address whose container Azure would reject is refused up front with Azure's naming rule, not a cryptic 400.</summary>
public sealed class AzureAddressTests
{
    [Theory]
    [InlineData("azblob://dd/team-a")]          // too short: Azurite answered "400 OutOfRangeInput"
    [InlineData("azblob://my_cache/team-a")]
    [InlineData("azblob://a--b/x")]
    [InlineData("azblob://-abc/x")]
    public void A_container_name_azure_rejects_is_named_in_the_refusal(string address)
    {
        var e = Assert.Throws<ArgumentException>(() => new AzureBlobRemoteCache(new Uri(address), TimeSpan.FromSeconds(1)));
        Assert.Contains("cannot be an Azure container name", e.Message);
    }

    [Fact]
    public void A_valid_container_name_is_accepted()
    {
        var e = Record.Exception(() => new AzureBlobRemoteCache(new Uri("azblob://ddcache/team-a"), TimeSpan.FromSeconds(1)));
        Assert.False(e is ArgumentException a && a.Message.Contains("container name"), e?.Message);
    }
}
