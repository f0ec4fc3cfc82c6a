namespace Datadings.Build.Tasks.Cards;

/// <summary>The DD85xx codes: dataset cards written by the build. Never renumber, only add.</summary>
internal static class CardErrorCodes
{
    /// <summary>A dataset's card could not be written (unreadable dataset, full disk, …).</summary>
    public const string CardFailed = "DD8501";

    /// <summary>The build was cancelled while writing cards.</summary>
    public const string Cancelled = "DD8502";
}
