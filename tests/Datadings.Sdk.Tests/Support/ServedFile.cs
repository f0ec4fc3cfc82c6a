namespace Datadings.Sdk.Tests.Support;

/// <summary>
/// A file the loopback server serves, and the ways it misbehaves on purpose. Counters are consumed per
/// request, so "fail twice then succeed" is <c>FailuresBeforeSuccess = 2</c>.
/// </summary>
public sealed class ServedFile
{
    public ServedFile(byte[] body) => Body = body;

    public byte[] Body { get; set; }

    public string ContentType { get; set; } = "application/octet-stream";

    /// <summary>Status to answer instead of the file (e.g. 404). Null serves the file.</summary>
    public int? Status { get; set; }

    /// <summary>The next N requests answer <see cref="FailureStatus"/>.</summary>
    public int FailuresBeforeSuccess { get; set; }

    public int FailureStatus { get; set; } = 500;

    /// <summary>The next N responses close the connection after <see cref="DropAfterBytes"/> body bytes.</summary>
    public int DropsBeforeSuccess { get; set; }

    public int DropAfterBytes { get; set; }

    /// <summary>False: answer a Range request with 200 and the whole file, like servers without resume support.</summary>
    public bool HonourRange { get; set; } = true;

    /// <summary>Throttle for slow-server tests; null is full speed.</summary>
    public int? BytesPerSecond { get; set; }

    /// <summary>Send this many body bytes, then go silent (never close) — for idle-timeout tests.</summary>
    public int? StallAfterBytes { get; set; }

    /// <summary>Extra response headers (Retry-After, Location, Content-Encoding …) sent with every answer for this file.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Send no Content-Length (chunked-like close-delimited body).</summary>
    public bool OmitContentLength { get; set; }
}
