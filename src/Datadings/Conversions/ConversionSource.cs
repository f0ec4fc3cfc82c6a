namespace Datadings.Conversions;

/// <summary>A verified source file a conversion may read: its name (the DatasetSource Include) and where it is.</summary>
public sealed record ConversionSource(string Name, string Path);
