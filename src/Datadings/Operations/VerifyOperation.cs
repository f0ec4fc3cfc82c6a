using Datadings.Reading;

namespace Datadings.Operations;

/// <summary>The outcome of verifying one dataset: <see cref="Problems"/> is empty when it is sound.</summary>
public sealed record VerifyResult(string Path, int Count, int FilesChecked, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>
/// Checks a dataset end to end: every file against its <c>.md5</c> line, then that the index files agree with
/// each other and with the data — each sample decodes and carries the key <c>.keys</c> lists at its position, the
/// key hashes find it there, and the Bloom filter contains it. A format error is a problem, not an exception, so
/// a batch of datasets can be verified in one go.
/// </summary>
public static class VerifyOperation
{
    public static VerifyResult Run(string path, IProgress<OperationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        int count = 0, filesChecked = 0;
        try
        {
            using var reader = new DatasetReader(path);
            count = reader.Count;
            if (!File.Exists(reader.Paths.Md5))
                problems.Add($"{reader.Paths.Md5} is missing; the files' checksums cannot be checked");
            else
            {
                var checks = reader.CheckMd5();
                filesChecked = checks.Count;
                foreach (var check in checks.Where(c => !c.Ok))
                    problems.Add(check.Missing ? $"{check.FilePath} is listed in the .md5 file but missing" : $"{check.FilePath}: MD5 is {check.Actual}, expected {check.Expected}");
            }
            if (problems.Count == 0)
                CheckConsistency(reader, problems, progress, cancellationToken);
        }
        catch (Exception e) when (e is DatadingsFormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            problems.Add(e.Message);
        }
        return new VerifyResult(path, count, filesChecked, problems);
    }

    private static void CheckConsistency(DatasetReader reader, List<string> problems, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
    {
        for (int i = 0; i < reader.Count && problems.Count < 10; i++)
        {
            if (i % OperationContext.ReportInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new OperationProgress("verify", reader.Paths.Data, i, reader.Count));
            }
            string key = reader.GetKey(i);
            string? stored = reader.Get(i).TryGetValue(Sample.KeyField, out var k) ? k as string : null;
            if (stored != key)
                problems.Add($"sample {i} at byte offset {reader.OffsetOf(i)} of {reader.Paths.Data} has key \"{stored}\" but {Path.GetFileName(reader.Paths.Keys)} lists \"{key}\"");
            else if (!reader.TryFindIndex(key, out int found) || found != i)
                problems.Add($"the key hashes do not lead to sample {i} (\"{key}\")");
            else if (!reader.Contains(key))
                problems.Add($"the Bloom filter does not contain key \"{key}\" of sample {i}");
        }
        progress?.Report(new OperationProgress("verify", reader.Paths.Data, reader.Count, reader.Count));
    }
}
