using Datadings.Reading;
using Datadings.Writing;

namespace Datadings.Operations;

/// <summary>
/// The plumbing every operation shares: validating output paths up front (so a refused overwrite costs nothing),
/// copying packed samples verbatim (RawWriter semantics), progress and cancellation.
/// </summary>
internal sealed class OperationContext(string operation, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
{
    /// <summary>Samples between progress reports: frequent enough for a live display, rare enough to cost nothing.</summary>
    public const int ReportInterval = 4096;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>
    /// Refuses outputs that equal an input or each other, that cannot become files (<see cref="OutputFolder.CheckFile"/>),
    /// or that exist without <paramref name="overwrite"/>.
    /// Checked before any work so that a bad invocation never leaves half of a multi-output operation behind.
    /// </summary>
    public static void ValidateOutputs(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, bool overwrite)
    {
        var inputPaths = inputs.Select(DatasetPaths.For).ToList();
        var seen = new HashSet<string>(PathComparer);
        foreach (string output in outputs)
        {
            string full = DatasetPaths.For(output).Data; // an index file names its dataset: the file written
            if (inputPaths.Any(input => input.IsReplacedBy(output)))
                throw new ArgumentException($"the output {output} is also an input; write to a different file");
            if (!seen.Add(full))
                throw new ArgumentException($"the output {output} is given more than once");
            OutputFolder.CheckFile(output);
            if (!overwrite && File.Exists(full))
                throw new IOException($"{output} already exists; allow overwriting to replace it");
        }
    }

    public static void RequireInput(string input)
    {
        if (!File.Exists(input)) throw new FileNotFoundException($"{input} does not exist", input);
    }

    public static DatasetWriter CreateWriter(string output, bool overwrite) =>
        new(output, new DatasetWriterOptions { Overwrite = overwrite });

    /// <summary>Copies the samples at <paramref name="indices"/> of <paramref name="reader"/> verbatim.</summary>
    public void CopyRaw(DatasetReader reader, IEnumerable<int> indices, DatasetWriter writer, long total)
    {
        long done = 0;
        foreach (int index in indices)
        {
            writer.WriteRaw(reader.GetKey(index), reader.GetRawSpan(index));
            Advance(writer, ++done, total);
        }
    }

    public void Advance(DatasetWriter writer, long done, long total)
    {
        if (done % ReportInterval != 0) return;
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new OperationProgress(operation, writer.Paths.Data, done, total));
    }

    /// <summary>Completes the output and reports it done; cancellation is honoured up to the last moment.</summary>
    public WrittenDataset Complete(DatasetWriter writer)
    {
        cancellationToken.ThrowIfCancellationRequested();
        writer.Complete();
        progress?.Report(new OperationProgress(operation, writer.Paths.Data, writer.Count, writer.Count));
        return new WrittenDataset(writer.Paths.Data, writer.Count);
    }

    private static StringComparer PathComparer =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
