using Datadings.Transforms;

namespace Datadings.Imaging.Tests;

/// <summary>
/// A step's identity (part of every cache key) is the options as used: a default written out, or another spelling of
/// the same value, keys the same cache entries; a different value keys others.
/// </summary>
public sealed class StepIdentityTests
{
    private static string Identity(string pipeline)
    {
        using var script = TransformScript.Parse("out = image | " + pipeline);
        return Assert.Single(script.Statements.OfType<FieldStatement>()).Identity;
    }

    [Theory]
    [InlineData("decode | resize 224x224 | encode jpeg", "decode | resize 224x224 | encode jpeg quality=90")]
    [InlineData("decode | encode jpeg quality=90", "decode | encode jpeg quality=090")]
    [InlineData("decode | encode webp lossless=false", "decode | encode webp lossless=FALSE")]
    [InlineData("decode | resize 64x64 aspect=stretch | encode png", "decode | resize 64x64 aspect=Stretch | encode png")]
    [InlineData("decode | resize 64x64 | encode png", "decode | resize 64x64 aspect=stretch | encode png")]
    [InlineData("decode max_pixels=178956970 | encode png", "decode | encode png")]
    public void The_same_options_as_used_give_the_same_identity(string a, string b) => Assert.Equal(Identity(a), Identity(b));

    [Theory]
    [InlineData("decode | encode jpeg", "decode | encode jpeg quality=91")]
    [InlineData("decode | resize 64x64 | encode png", "decode | resize 64x64 aspect=fit | encode png")]
    [InlineData("decode | encode png", "decode max_pixels=1000 | encode png")]
    public void Different_options_give_different_identities(string a, string b) => Assert.NotEqual(Identity(a), Identity(b));
}
