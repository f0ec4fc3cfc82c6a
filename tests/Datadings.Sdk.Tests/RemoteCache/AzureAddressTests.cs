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

    [Theory]
    [InlineData("garbage-without-equals")]                                                          // "Settings must be of the form name=value"
    [InlineData("DefaultEndpointsProtocol=http;AccountName=x;AccountKey=not*base64;BlobEndpoint=http://127.0.0.1:1/x")]
    [InlineData("AccountName=onlyaname")]
    public void A_malformed_connection_string_is_refused_naming_the_variable_never_its_value(string value)
    {
        var previous = Environment.GetEnvironmentVariable(AzureBlobRemoteCache.ConnectionStringVariable);
        Environment.SetEnvironmentVariable(AzureBlobRemoteCache.ConnectionStringVariable, value);
        try
        {
            // An ArgumentException is what RemoteCacheSession turns into one DD7001 warning; anything else failed the build (MSB4018).
            var e = Assert.Throws<ArgumentException>(() => new AzureBlobRemoteCache(new Uri("azblob://ddcache/team-a"), TimeSpan.FromSeconds(1)));
            Assert.Contains(AzureBlobRemoteCache.ConnectionStringVariable + " is not an Azure Storage connection string", e.Message);
            Assert.DoesNotContain(value, e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(AzureBlobRemoteCache.ConnectionStringVariable, previous);
        }
    }
}
