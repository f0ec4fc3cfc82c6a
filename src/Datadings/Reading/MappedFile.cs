using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Datadings.Reading;

/// <summary>
/// A read-only memory mapping of a whole file, exposed as spans and <see cref="Memory{T}"/> slices that
/// point straight into the mapping (valid until the file is disposed). An empty file maps to empty memory.
/// </summary>
internal sealed unsafe class MappedFile : MemoryManager<byte>
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _pointer;
    private int _disposed;

    public MappedFile(string path)
    {
        Path = path;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.RandomAccess);
        Length = stream.Length;
        if (Length == 0) return;
        _map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        _view = _map.CreateViewAccessor(0, Length, MemoryMappedFileAccess.Read);
        byte* p = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        _pointer = p + _view.PointerOffset;
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>The bytes <c>[offset, offset + length)</c> of the file, without copying.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if ((ulong)offset + (ulong)length > (ulong)Length) throw new ArgumentOutOfRangeException(nameof(offset));
        return new ReadOnlySpan<byte>(_pointer + offset, length);
    }

    /// <summary>Like <see cref="Span"/>, as memory that can be stored (but not used after disposal).</summary>
    public ReadOnlyMemory<byte> Slice(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if ((ulong)offset + (ulong)length > (ulong)Length) throw new ArgumentOutOfRangeException(nameof(offset));
        return Length <= int.MaxValue ? Memory.Slice((int)offset, length) : new SliceManager(this, offset, length).Memory;
    }

    public override Span<byte> GetSpan() =>
        Length <= int.MaxValue ? new Span<byte>(_pointer, (int)Length) : throw new InvalidOperationException($"{Path} is larger than 2 GiB; use Slice.");

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin() { }

    /// <summary>Unmaps the file; spans and slices handed out before must not be used afterwards.</summary>
    public void Dispose() => ((IDisposable)this).Dispose();

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
        _map?.Dispose();
    }

    /// <summary>A window of the mapping; files over 2 GiB need one per slice because Memory is int-indexed.</summary>
    private sealed class SliceManager(MappedFile file, long offset, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan()
        {
            ObjectDisposedException.ThrowIf(file._disposed != 0, file);
            return new Span<byte>(file._pointer + offset, length);
        }

        public override MemoryHandle Pin(int elementIndex = 0) => new(file._pointer + offset + elementIndex);

        public override void Unpin() { }

        protected override void Dispose(bool disposing) { }
    }
}
