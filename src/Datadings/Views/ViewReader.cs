using Datadings.IndexFiles;
using Datadings.Msgpack;
using Datadings.Reading;

namespace Datadings.Views;

public sealed record ViewReaderOptions
{
    /// <summary>
    /// Also hash the base data file and compare it with the view's recorded MD5. Off by default: opening a view
    /// then costs a read of the whole base. Without it the base's <c>.md5</c> entry, size and count are compared.
    /// </summary>
    public bool VerifyBaseData { get; init; }

    /// <summary>Options for the base dataset's reader.</summary>
    public DatasetReaderOptions? BaseReaderOptions { get; init; }
}

/// <summary>
/// Serves the samples of a view straight from its base dataset, copying nothing: a one-index row is the base
/// sample's bytes in the base's mapping; a window row is packed on request (<see cref="WindowSample"/>).
/// </summary>
public sealed class ViewReader : ISampleReader
{
    private readonly ISampleReader _base;
    private readonly bool _ownsBase;
    private readonly IReadOnlyList<int[]> _rows;
    private readonly Lazy<Dictionary<string, int>> _rowByKey;

    /// <summary>A view over an open reader; <paramref name="ownsBase"/> says whether disposing the view disposes it.</summary>
    public ViewReader(ISampleReader baseReader, ViewDefinition view, bool ownsBase = false)
    {
        ArgumentNullException.ThrowIfNull(baseReader);
        ArgumentNullException.ThrowIfNull(view);
        view.Validate(baseReader.Count);
        _base = baseReader;
        _ownsBase = ownsBase;
        _rows = view.Rows;
        _rowByKey = new Lazy<Dictionary<string, int>>(IndexKeys);
    }

    /// <summary>
    /// Opens a view file. A missing base, or a base that is no longer the dataset the view was made over, is an
    /// error that names both files.
    /// </summary>
    public static ViewReader Open(string viewPath, ViewReaderOptions? options = null)
    {
        options ??= new ViewReaderOptions();
        var file = ViewFile.Read(viewPath);
        string basePath = file.ResolveBase(viewPath);
        if (!File.Exists(basePath))
            throw new FileNotFoundException($"the base dataset {basePath} of the view {viewPath} does not exist", basePath);

        var baseReader = new DatasetReader(basePath, options.BaseReaderOptions);
        try
        {
            RequireSameBase(viewPath, basePath, file.Base, baseReader, options.VerifyBaseData);
            return new ViewReader(baseReader, file.View, ownsBase: true);
        }
        catch
        {
            baseReader.Dispose();
            throw;
        }
    }

    /// <summary>The base dataset's reader.</summary>
    public ISampleReader Base => _base;

    public int Count => _rows.Count;

    /// <summary>The base indices of view sample <paramref name="index"/>.</summary>
    public IReadOnlyList<int> BaseIndices(int index) => _rows[SampleReaderExtensions.ResolveIndex(Count, index)];

    public Sample this[int index] => Get(index);

    public Sample Get(int index) => MsgpackSerializer.DeserializeSample(GetRaw(index).Span);

    public ReadOnlyMemory<byte> GetRaw(int index)
    {
        int[] row = _rows[SampleReaderExtensions.ResolveIndex(Count, index)];
        return row.Length == 1 ? _base.GetRaw(row[0]) : WindowSample.Pack(KeyOf(row), row.Select(_base.GetRaw), row.Length);
    }

    public string GetKey(int index) => KeyOf(_rows[SampleReaderExtensions.ResolveIndex(Count, index)]);

    public bool TryFindIndex(string key, out int index)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_rowByKey.Value.TryGetValue(key, out index)) return true;
        index = -1;
        return false;
    }

    public bool Contains(string key) => TryFindIndex(key, out _);

    public IEnumerator<Sample> GetEnumerator() => this.Read().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        if (_ownsBase) _base.Dispose();
    }

    private string KeyOf(int[] row) => row.Length == 1 ? _base.GetKey(row[0]) : WindowSample.Key(row.Select(_base.GetKey));

    private Dictionary<string, int> IndexKeys()
    {
        var keys = new Dictionary<string, int>(_rows.Count, StringComparer.Ordinal);
        for (int r = 0; r < _rows.Count; r++) keys.TryAdd(KeyOf(_rows[r]), r);
        return keys;
    }

    private static void RequireSameBase(string viewPath, string basePath, BaseFingerprint recorded, DatasetReader baseReader, bool hashData)
    {
        var current = BaseFingerprint.Of(basePath, baseReader.Count);
        string? change =
            current.Count != recorded.Count ? $"it has {current.Count} samples, the view was made over {recorded.Count}"
            : current.Size != recorded.Size ? $"its data file has {current.Size} bytes, the view was made over {recorded.Size}"
            : !string.Equals(current.Md5, recorded.Md5, StringComparison.OrdinalIgnoreCase) ? $"its MD5 is {current.Md5}, the view was made over {recorded.Md5}"
            : hashData && !string.Equals(Md5File.HashFile(basePath), recorded.Md5, StringComparison.OrdinalIgnoreCase) ? $"its data file no longer hashes to {recorded.Md5}"
            : null;
        if (change is not null)
            throw new InvalidDataException($"the base dataset {basePath} of the view {viewPath} has changed since the view was made: {change}; recreate the view");
    }
}
