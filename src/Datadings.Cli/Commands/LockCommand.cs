using System.CommandLine;
using Datadings.Locking;

namespace Datadings.Cli.Commands;

/// <summary><c>lock verify DIR [--lock FILE]</c>: checks built datasets against a datasets.lock.json, without MSBuild.</summary>
internal static class LockCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "Folder with the built datasets (a .dsproj's bin/datasets, or datasets/PROJECT beside an app)." };
        var lockFile = new Option<string>("--lock") { Description = $"The lock file (default: ./{DatasetsLock.FileName})." };
        var all = new Option<bool>("--all") { Description = "Require every dataset of the lock, intermediates too (by default an intermediate absent from DIR is skipped: referencing projects do not get it)." };
        var verify = new Command("verify", "Hash every file a lock lists in DIR and compare MD5s, sizes and sample counts.") { directory, lockFile, all };
        verify.SetGuardedAction((parsed, cancellation) =>
        {
            var lockPath = Path.GetFullPath(parsed.GetValue(lockFile) ?? DatasetsLock.FileName);
            if (!File.Exists(lockPath)) throw new UsageException($"{lockPath}: no such lock file (pass --lock FILE)");
            var folder = parsed.GetValue(directory)!;
            if (!Directory.Exists(folder)) throw new UsageException($"{folder}: no such folder");
            DatasetsLock locked;
            try
            {
                locked = DatasetsLockJson.Read(lockPath);
            }
            catch (DatasetsLockException e)
            {
                throw new InvalidOperationException(e.Message);
            }

            int failed = 0;
            foreach (var (dataset, differences) in LockVerification.Verify(locked, folder, cancellation))
            {
                // A model's output or a publish holds a project's results, not the intermediates other items read
                // (docs/lock-publish-ci.md § What reaches referencing projects): one wholly absent is no failure.
                var readBy = IntermediateAbsentFrom(locked, dataset, folder);
                if (readBy.Count > 0 && !parsed.GetValue(all))
                {
                    Console.WriteLine($"skipped {dataset}: not in {folder}; an intermediate dataset (read by {string.Join(", ", readBy)}) that referencing projects do not get by default (--all requires it)");
                    continue;
                }
                if (differences.Count == 0)
                {
                    var entry = locked.Datasets[dataset];
                    Console.WriteLine($"ok      {dataset}: {entry.Samples} samples, {entry.Files.Count} {(entry.Files.Count == 1 ? "file matches" : "files match")} the lock");
                    continue;
                }
                failed++;
                Console.WriteLine($"FAILED  {dataset}: {string.Join("; ", differences.Select(d => d.Message))}");
            }
            if (failed == 0) return ExitCodes.Success;
            Console.Error.WriteLine($"datadings: error: {folder} does not match {lockPath}: {failed} of the entries above FAILED");
            return ExitCodes.Failure;
        });
        return new Command("lock", "Work with a dataset project's lock file (datasets.lock.json).") { verify };
    }

    /// <summary>The datasets that read <paramref name="dataset"/>, if none of its files is in <paramref name="folder"/>; else none.</summary>
    private static List<string> IntermediateAbsentFrom(DatasetsLock locked, string dataset, string folder)
    {
        if (!locked.Datasets.TryGetValue(dataset, out var entry) || entry.Files.Keys.Any(f => File.Exists(Path.Combine(folder, f)))) return [];
        return [.. locked.Datasets.Where(d => d.Value.Inputs.Contains(dataset)).Select(d => d.Key).Order(StringComparer.Ordinal)];
    }
}
