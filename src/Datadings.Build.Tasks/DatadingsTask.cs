using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace Datadings.Build.Tasks;

/// <summary>
/// What every SDK task shares: Ctrl+C (MSBuild cancellation) as a token, the project its errors point at, and
/// the interval of its progress lines.
/// </summary>
public abstract class DatadingsTask : MSBuildTask, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The .dsproj, so errors point at the project rather than at the SDK's targets file.</summary>
    public string ProjectFile { get; set; } = "";

    /// <summary>Seconds between two progress lines of one long operation.</summary>
    public double ProgressIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// Importance of periodic progress lines (percent, rate, ETA). High, because the console logger of a build
    /// without a terminal (CI logs) shows only High messages at its default verbosity, minimal; the terminal logger
    /// does not print messages at its default verbosity at all and shows the running target of each project live
    /// instead (ResolveDatasetSources, ConvertDatasets, DeriveDatasets with the elapsed time): see docs/lock-publish-ci.md.
    /// </summary>
    public const MessageImportance ProgressImportance = MessageImportance.High;

    public void Cancel() => _cancel.Cancel();

    protected CancellationToken Cancellation => _cancel.Token;

    protected bool Cancelled => _cancel.IsCancellationRequested;

    /// <summary><see cref="ProjectFile"/>, or else the project the task runs in.</summary>
    protected string ReportedProjectFile => ProjectFile.Length > 0 ? ProjectFile : BuildEngine?.ProjectFileOfTaskNode ?? "";

    /// <summary>The folder relative paths in items and properties are resolved against.</summary>
    protected string ProjectDirectory => Path.GetDirectoryName(Path.GetFullPath(ReportedProjectFile)) ?? Directory.GetCurrentDirectory();

    protected void LogProjectError(string code, string message) =>
        Log.LogError(null, code, null, ReportedProjectFile, 0, 0, 0, 0, message);

    /// <summary>Reports the cancellation once, as a warning with <paramref name="code"/>; a cancelled task has failed.</summary>
    protected bool ReportCancelled(string code, string message)
    {
        Log.LogWarning(null, code, null, ReportedProjectFile, 0, 0, 0, 0, message);
        return false;
    }
}
