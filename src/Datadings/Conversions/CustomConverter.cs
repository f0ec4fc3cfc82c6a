namespace Datadings.Conversions;

/// <summary>
/// A user's <see cref="ISampleConverter"/> loaded from their assembly into its own collectible load context
/// (<see cref="UserCode{T}"/>). Dispose it after the conversion: the context is unloaded and nothing of the user's
/// code stays in the host process (an MSBuild node lives on after the build).
/// </summary>
public sealed class CustomConverter : IDisposable
{
    private readonly UserCode<ISampleConverter> _code;

    private CustomConverter(UserCode<ISampleConverter> code) => _code = code;

    public ISampleConverter Converter => _code.Instance;

    /// <summary>The assembly the converter type was found in.</summary>
    public string AssemblyPath => _code.AssemblyPath;

    /// <summary>
    /// Finds <paramref name="typeName"/> (<c>Namespace.Type</c>, or <c>Namespace.Type, AssemblyName</c>) in
    /// <paramref name="candidateAssemblies"/> and creates it with its parameterless constructor.
    /// </summary>
    /// <exception cref="ConversionException"><see cref="ConversionError.ConverterNotLoadable"/>.</exception>
    public static CustomConverter Load(string typeName, IReadOnlyList<string> candidateAssemblies)
    {
        try
        {
            return new CustomConverter(UserCode<ISampleConverter>.Load(typeName, candidateAssemblies, "converter",
                $"'{typeName}' is neither a built-in converter ({string.Join(", ", BuiltInConverters.Names)}) nor found: the project references no converter assembly (add a ProjectReference to the class library or set ConverterAssembly)"));
        }
        catch (UserCodeException e)
        {
            throw new ConversionException(ConversionError.ConverterNotLoadable, e.Message, inner: e.InnerException);
        }
    }

    public void Dispose() => _code.Dispose();
}
