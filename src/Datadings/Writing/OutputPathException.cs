namespace Datadings.Writing;

/// <summary>
/// An output cannot be written where the user asked: a file stands where a folder should be (or a folder where the
/// file should be), or the folder takes no new files. The message names the user's path and the offending one;
/// it is complete as it is, for a command line or a build error.
/// </summary>
public sealed class OutputPathException(string message, Exception? innerException = null) : IOException(message, innerException);
