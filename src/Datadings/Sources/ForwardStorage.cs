namespace Datadings.Sources;

/// <summary>
/// Entries of an archive that can only be read front to back (a compressed tar, a solid 7z), read in place:
/// every read is a forward pass that decompresses from the start.
/// </summary>
/// <remarks>
/// Entries are still delivered in the sorted order every source kind shares, with bounded memory:
/// a pass hands out the next wanted entry when the archive reaches it and holds entries that are wanted
/// later in a buffer of at most <c>ReorderBufferBytes</c> (dropping the farthest-ahead ones when a nearer
/// one needs the room); anything it could not deliver or hold is picked up by another pass.
/// An archive already stored in sorted order (e.g. made by <c>tar --sort=name</c>) is read in one pass
/// with nothing held; a badly ordered one costs about <c>total selected bytes / ReorderBufferBytes</c> passes.
/// <see cref="OpenFile"/> decompresses up to the entry each time: fine for a few entries, use
/// <see cref="ReadFiles"/> for all of them. Subclasses list the entries (numbering them as their passes do) and
/// open passes.
/// </remarks>
internal abstract class ForwardStorage(string path, long bufferBudget) : TreeStorage(path)
{
    protected abstract Dictionary<string, StoredFile> Files { get; }

    public override IEnumerable<StoredFile> FilesUnder(IReadOnlyList<string> directory) => ArchivePaths.Under(Files, directory);

    public override bool IsEmptyArchive => Files.Count == 0;

    public override StoredFile? Find(string path) => Files.GetValueOrDefault(path);

    public override Stream OpenFile(StoredFile file)
    {
        var pass = StartPass();
        try
        {
            while (pass.MoveNext())
            {
                if (pass.Ordinal == file.Ordinal)
                    return new EntryReadStream(pass.Data, SourcePath, file.Path, pass);
            }
            throw new SourceException("the entry was listed on the first pass but is missing now; the archive changed", SourcePath, file.Path);
        }
        catch
        {
            pass.Dispose();
            throw;
        }
    }

    public override IEnumerable<(StoredFile File, byte[] Content)> ReadFiles(
        IReadOnlyList<StoredFile> files, CancellationToken cancellationToken)
    {
        // Where in the output each archive entry is wanted; a file selected twice is wanted twice.
        var wantedAt = new Dictionary<int, List<int>>();
        for (var position = 0; position < files.Count; position++)
        {
            if (!wantedAt.TryGetValue(files[position].Ordinal, out var positions))
                wantedAt[files[position].Ordinal] = positions = [];
            positions.Add(position);
        }

        var held = new SortedDictionary<int, byte[]>();
        long heldBytes = 0;
        var next = 0;
        while (next < files.Count)
        {
            var progressAtStart = next;
            using var pass = StartPass();
            while (next < files.Count && pass.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!wantedAt.TryGetValue(pass.Ordinal, out var positions)) continue;
                var pending = positions.Where(p => p >= next && !held.ContainsKey(p)).ToList();
                if (pending.Count == 0) continue;

                var file = files[pending[0]];
                var isNext = pending[0] == next;
                if (!isNext && !MakeRoom(held, ref heldBytes, pending[0], file.Length)) continue;

                var content = ReadContent(new EntryReadStream(pass.Data, SourcePath, file.Path), file);
                foreach (var p in pending)
                {
                    if (p == next) continue;
                    if (p != pending[0] && !MakeRoom(held, ref heldBytes, p, content.Length)) break;
                    held[p] = content;
                    heldBytes += content.Length;
                }
                if (!isNext) continue;

                yield return (file, content);
                next++;
                while (held.Remove(next, out var ready))
                {
                    heldBytes -= ready.Length;
                    yield return (files[next], ready);
                    next++;
                }
            }
            if (next == progressAtStart)
                throw new SourceException("the archive no longer holds entries listed on the first pass; it changed while being read", SourcePath, files[next].Path);
        }
    }

    /// <summary>Frees buffer room for an entry wanted at <paramref name="position"/> by dropping entries wanted later.</summary>
    private bool MakeRoom(SortedDictionary<int, byte[]> held, ref long heldBytes, int position, long length)
    {
        while (heldBytes + length > bufferBudget && held.Count > 0)
        {
            var farthest = held.Keys.Last();
            if (farthest < position) break;
            heldBytes -= held[farthest].Length;
            held.Remove(farthest);
        }
        return heldBytes + length <= bufferBudget;
    }

    /// <summary>How many decompression passes reads have started; lets tests hold the single-pass promise.</summary>
    internal int PassesStarted { get; private set; }

    private ForwardPass StartPass()
    {
        PassesStarted++;
        return OpenPass();
    }

    /// <summary>A new forward pass from the archive's start.</summary>
    protected abstract ForwardPass OpenPass();

    protected FileStream OpenArchive() =>
        SourceErrors.Guard(SourcePath, null, "opening the archive", () => File.OpenRead(SourcePath));
}

/// <summary>One forward pass over an archive's entries, numbered as the storage's catalogue numbers them.</summary>
internal abstract class ForwardPass : IDisposable
{
    /// <summary>The current entry's number, -1 before the first.</summary>
    public int Ordinal { get; protected set; } = -1;

    /// <summary>Moves to the next entry (of any type); false at the end.</summary>
    public abstract bool MoveNext();

    /// <summary>The current entry's data, valid until the next <see cref="MoveNext"/>.</summary>
    public abstract Stream Data { get; }

    public abstract void Dispose();
}
