using Datadings.Hashing;
namespace Datadings.Sources;

/// <summary>Passes a zip member's data through and fails at its end if the CRC-32 differs from the recorded one.</summary>
internal sealed class CrcCheckingStream(Stream inner, uint expected) : ReadOnlyForwardStream
{
    private uint _crc;
    private bool _checked;

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n > 0)
            _crc = Crc32.Update(_crc, buffer[..n]);
        else if (!_checked && buffer.Length > 0)
        {
            _checked = true;
            if (_crc != expected)
                throw new InvalidDataException($"CRC-32 mismatch: the data gives {_crc:x8}, the archive records {expected:x8}.");
        }
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
