using System.IO.Hashing;

namespace Datadings.Sources;

/// <summary>Passes a zip member's data through and fails at its end if the CRC-32 differs from the recorded one.</summary>
internal sealed class CrcCheckingStream(Stream inner, uint expected) : ReadOnlyForwardStream
{
    private readonly Crc32 _crc = new();
    private bool _checked;

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n > 0)
            _crc.Append(buffer[..n]);
        else if (!_checked && buffer.Length > 0)
        {
            _checked = true;
            var actual = _crc.GetCurrentHashAsUInt32();
            if (actual != expected)
                throw new InvalidDataException($"CRC-32 mismatch: the data gives {actual:x8}, the archive records {expected:x8}.");
        }
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
