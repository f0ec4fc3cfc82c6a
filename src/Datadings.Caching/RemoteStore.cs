using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Datadings.IndexFiles;
using Datadings.Writing;

namespace Datadings.Caching;

/// <summary>
/// The layout of the remote cache and verified transfers over an <see cref="IRemoteCache"/>:
/// <list type="bullet">
/// <item><c>sources/MD5</c>: a source file, by its MD5;</item>
/// <item><c>files/MD5</c>: a dataset file (data or index), by its MD5, shared by every entry that holds the same bytes;</item>
/// <item><c>datasets/KEY</c>: the manifest of a whole dataset, KEY being the build's machine-independent content key;</item>
/// <item><c>datasets/KEY.shards/plan</c> and <c>datasets/KEY.shards/NNNNN</c>: a sharded build's plan and per-shard manifests.</item>
/// </list>
/// Everything pulled is checked (size and MD5 of every file) before it is moved into place; anything else is deleted.
/// </summary>
public sealed class RemoteStore(IRemoteCache cache)
{
    public IRemoteCache Cache { get; } = cache;

    /// <summary>
    /// Addresses whose bytes this store pulled and found damaged (wrong size or MD5): a push uploads these again
    /// without asking the cache first.
    /// </summary>
    private readonly ConcurrentDictionary<string, bool> _damaged = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a push may skip <paramref name="address"/> because the cache holds exactly the <paramref name="size"/>
    /// bytes with MD5 <paramref name="md5"/> there. Existence is not enough: a damaged entry (a disk error, a hand edit,
    /// a client that wrote wrong bytes) would stay, named by every manifest pushed after it and discarded by every
    /// machine that pulls it. So: one <c>HEAD</c>; a different size is damage; an MD5 the backend keeps (Azure's
    /// Content-MD5, an HTTP server's <c>Content-MD5</c>) is compared; a backend that keeps none (nginx) has the entry
    /// hashed as it streams by, which costs at most the download of what the skipped upload would have sent, and only
    /// for entries the cache already holds (another machine's concurrent push, bytes shared by two entries). With
    /// <paramref name="readIfNeeded"/> false, an entry of the right size without a stored MD5 counts as held.
    /// </summary>
    public async Task<bool> HoldsAsync(string address, long size, string md5, bool readIfNeeded, CancellationToken cancellationToken)
    {
        if (_damaged.ContainsKey(address)) return false;
        var stat = await Cache.StatAsync(address, cancellationToken).ConfigureAwait(false);
        if (stat is null || (stat.Size >= 0 && stat.Size != size)) return false;
        if (stat.Md5 is not null) return string.Equals(stat.Md5, md5, StringComparison.OrdinalIgnoreCase);
        if (!readIfNeeded) return true;
        using var hasher = new HashingStream(Stream.Null);
        return await Cache.TryGetAsync(address, hasher, cancellationToken).ConfigureAwait(false)
            && hasher.Written == size && string.Equals(hasher.Finish(), md5, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Uploads <paramref name="file"/> (MD5 <paramref name="md5"/>) to <paramref name="address"/> unless the cache holds exactly those bytes there.</summary>
    private async Task PushVerifiedAsync(string address, string file, string md5, CancellationToken cancellationToken, bool readIfNeeded = true)
    {
        if (await HoldsAsync(address, new FileInfo(file).Length, md5, readIfNeeded, cancellationToken).ConfigureAwait(false)) return;
        await Cache.PutAsync(address, file, md5.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        _damaged.TryRemove(address, out _);
    }

    public static string SourcePath(string md5) => "sources/" + md5.ToLowerInvariant();

    public static string DatasetPath(string key) => "datasets/" + key;

    public static string PlanPath(string key) => $"datasets/{key}.shards/plan";

    public static string ShardPath(string key, int shard) => $"datasets/{key}.shards/{shard:D5}";

    /// <summary>Fetches source <paramref name="md5"/> to <paramref name="destination"/> (verified, renamed into place); false when absent.</summary>
    public async Task<bool> TryPullSourceAsync(string md5, string destination, CancellationToken cancellationToken)
    {
        var temp = TempNameFor(destination);
        try
        {
            if (!await DownloadVerifiedAsync(SourcePath(md5), temp, null, md5, cancellationToken).ConfigureAwait(false))
                return false;
            File.Move(temp, destination, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Uploads source <paramref name="md5"/> unless the cache holds it (see <see cref="HoldsAsync"/>). Without
    /// <paramref name="checkContent"/> only what one HEAD tells (size, a stored MD5) is checked, never the bytes read:
    /// for a source that every build with pushing on offers again. A same-size damaged copy is then replaced by the
    /// next pushing build that pulls it, finds it damaged, downloads the source and pushes it.
    /// </summary>
    public Task PushSourceAsync(string md5, string file, bool checkContent, CancellationToken cancellationToken) =>
        PushVerifiedAsync(SourcePath(md5), file, md5, cancellationToken, readIfNeeded: checkContent);

    public async Task<RemoteEntry?> TryGetEntryAsync(string path, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        if (!await Cache.TryGetAsync(path, buffer, cancellationToken).ConfigureAwait(false))
            return null;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw new RemoteCacheCorruptException($"the manifest {path} is not UTF-8 text");
        }
        return RemoteEntry.Parse(text, "the manifest " + path);
    }

    /// <summary>Downloads every file of <paramref name="entry"/> into <paramref name="directory"/>, checking size and MD5 of each.</summary>
    public async Task PullFilesAsync(RemoteEntry entry, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in entry.Files)
        {
            if (!await DownloadVerifiedAsync("files/" + file.Md5, Path.Combine(directory, file.Name), file.Size, file.Md5, cancellationToken).ConfigureAwait(false))
                throw new RemoteCacheCorruptException($"the entry names files/{file.Md5} ({file.Name}) but the cache does not have it");
        }
    }

    /// <summary>Fetches <c>files/MD5</c> to <paramref name="destination"/>, checking size and MD5; a missing file is corrupt (a manifest named it).</summary>
    public async Task PullFileAsync(string md5, long size, string destination, CancellationToken cancellationToken)
    {
        if (!await DownloadVerifiedAsync("files/" + md5, destination, size, md5, cancellationToken).ConfigureAwait(false))
            throw new RemoteCacheCorruptException($"an entry names files/{md5} but the cache does not have it");
    }

    /// <summary>Uploads one local file under <c>files/MD5</c> unless the cache holds exactly its bytes.</summary>
    public Task PushFileAsync(string md5, string file, CancellationToken cancellationToken) =>
        PushVerifiedAsync("files/" + md5, file, md5, cancellationToken);

    /// <summary>The manifest entries of local files (size and MD5 of each).</summary>
    public static IReadOnlyList<RemoteFile> Describe(IEnumerable<string> files) =>
        [.. files.Select(f => new RemoteFile(Path.GetFileName(f), new FileInfo(f).Length, Md5File.HashFile(f)))];

    /// <summary>
    /// Uploads the files the cache lacks or holds damaged, then the manifest: a visible manifest always names complete,
    /// intact files.
    /// </summary>
    public async Task PushEntryAsync(string path, RemoteEntry entry, string directory, CancellationToken cancellationToken)
    {
        foreach (var file in entry.Files)
            await PushVerifiedAsync("files/" + file.Md5, Path.Combine(directory, file.Name), file.Md5, cancellationToken).ConfigureAwait(false);
        var manifest = Path.Combine(Path.GetTempPath(), $"datadings-manifest-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(manifest, entry.ToText(), cancellationToken).ConfigureAwait(false);
            await Cache.PutAsync(path, manifest, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    /// <summary>
    /// <see cref="DownloadVerifiedCoreAsync"/>, with a full local disk
    /// told apart from a failing cache: wherever the backend wraps the write's "no space left" (HttpClient copying into
    /// the file, the final flush), it comes out as <see cref="DiskFullException"/> naming the file, its partial deleted,
    /// so the build reports this machine's disk instead of blaming (and turning off) the cache.
    /// </summary>
    private async Task<bool> DownloadVerifiedAsync(string path, string destination, long? size, string md5, CancellationToken cancellationToken)
    {
        try
        {
            return await DownloadVerifiedCoreAsync(path, destination, size, md5, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DiskFullIn(e) is { } full)
        {
            File.Delete(destination);
            throw new DiskFullException(destination, size ?? 0, full);
        }
    }

    private static IOException? DiskFullIn(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is IOException io && DiskFullException.IsDiskFull(io)) return io;
        return null;
    }

    private async Task<bool> DownloadVerifiedCoreAsync(string path, string destination, long? size, string md5, CancellationToken cancellationToken)
    {
        bool found;
        await using (var output = new HashingStream(new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true)))
        {
            found = await Cache.TryGetAsync(path, output, cancellationToken).ConfigureAwait(false);
            if (!found) return false;
            var actual = output.Finish();
            if ((size is { } expected && output.Written != expected) || !string.Equals(actual, md5, StringComparison.OrdinalIgnoreCase))
            {
                await output.DisposeAsync().ConfigureAwait(false);
                File.Delete(destination);
                _damaged[path] = true;
                throw new RemoteCacheCorruptException(
                    $"{path} arrived with {output.Written} bytes and MD5 {actual}, expected {(size is null ? "" : size + " bytes and ")}MD5 {md5}");
            }
        }
        return found;
    }

    private static string TempNameFor(string destination) =>
        Path.Combine(Path.GetDirectoryName(destination)!, $".remote-{Guid.NewGuid():N}");

    /// <summary>A write-only stream that hashes what passes through to another (a file, or nothing), so a pull reads every byte once.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly Stream _file = inner;
        private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

        public long Written { get; private set; }

        public string Finish() => Convert.ToHexStringLower(_md5.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _md5.AppendData(buffer);
            Written += buffer.Length;
            _file.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _md5.AppendData(buffer.Span);
            Written += buffer.Length;
            return _file.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => _file.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => _file.FlushAsync(cancellationToken);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _file.Dispose();
                _md5.Dispose();
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync().ConfigureAwait(false);
            _md5.Dispose();
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
