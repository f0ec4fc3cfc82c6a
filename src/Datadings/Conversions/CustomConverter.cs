using System.Reflection;

namespace Datadings.Conversions;

/// <summary>
/// A user's <see cref="ISampleConverter"/> loaded from their assembly into its own collectible load context.
/// Dispose it after the conversion: the context is unloaded and nothing of the user's code stays in the host
/// process (an MSBuild node lives on after the build).
/// </summary>
public sealed class CustomConverter : IDisposable
{
    private ConverterLoadContext? _context;

    private CustomConverter(ConverterLoadContext context, ISampleConverter converter, string assemblyPath)
    {
        _context = context;
        Converter = converter;
        AssemblyPath = assemblyPath;
    }

    public ISampleConverter Converter { get; private set; }

    /// <summary>The assembly the converter type was found in.</summary>
    public string AssemblyPath { get; }

    /// <summary>
    /// Finds <paramref name="typeName"/> (<c>Namespace.Type</c>, or <c>Namespace.Type, AssemblyName</c>) in
    /// <paramref name="candidateAssemblies"/> and creates it with its parameterless constructor.
    /// </summary>
    public static CustomConverter Load(string typeName, IReadOnlyList<string> candidateAssemblies)
    {
        var path = FindAssembly(typeName, candidateAssemblies, out var bareTypeName);
        var context = new ConverterLoadContext(path);
        try
        {
            var assembly = context.LoadFromFile(path);
            var type = assembly.GetType(bareTypeName, throwOnError: false)
                ?? throw NotLoadable($"the type '{bareTypeName}' is not in {Path.GetFileName(path)} (public types: {PublicTypes(assembly)})");
            if (!typeof(ISampleConverter).IsAssignableFrom(type))
                throw NotLoadable($"'{type.FullName}' does not implement {typeof(ISampleConverter).FullName}");
            if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
                throw NotLoadable($"'{type.FullName}' needs to be a concrete class with a public parameterless constructor");
            var instance = (ISampleConverter)Activator.CreateInstance(type)!;
            return new CustomConverter(context, instance, path);
        }
        catch (Exception e) when (e is not ConversionException)
        {
            context.Unload();
            var reason = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            throw NotLoadable($"loading '{typeName}' from {path} failed: {reason.GetType().Name}: {reason.Message}", reason);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    private static string FindAssembly(string typeName, IReadOnlyList<string> candidates, out string bareTypeName)
    {
        var comma = typeName.IndexOf(',');
        bareTypeName = (comma < 0 ? typeName : typeName[..comma]).Trim();
        var assemblyName = comma < 0 ? null : typeName[(comma + 1)..].Trim();
        if (assemblyName is not null)
        {
            if (assemblyName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(assemblyName))
                return Path.GetFullPath(assemblyName);
            return candidates.FirstOrDefault(c => string.Equals(Path.GetFileNameWithoutExtension(c), assemblyName, StringComparison.OrdinalIgnoreCase))
                ?? throw NotLoadable($"no assembly '{assemblyName}' among the converter assemblies ({Describe(candidates)}); add a ProjectReference to the converter's project or set ConverterAssembly");
        }
        if (candidates.Count == 1) return candidates[0];
        throw NotLoadable(candidates.Count == 0
            ? $"'{typeName}' is neither a built-in converter ({string.Join(", ", BuiltInConverters.Names)}) nor found: the project references no converter assembly (add a ProjectReference to the class library or set ConverterAssembly)"
            : $"'{typeName}' does not say which assembly it is in; write 'Namespace.Type, AssemblyName' (candidates: {Describe(candidates)})");
    }

    private static string Describe(IReadOnlyList<string> candidates) =>
        candidates.Count == 0 ? "none" : string.Join(", ", candidates.Select(Path.GetFileName));

    private static string PublicTypes(Assembly assembly)
    {
        try
        {
            return string.Join(", ", assembly.GetExportedTypes().Select(t => t.FullName).Take(10));
        }
        catch (ReflectionTypeLoadException)
        {
            return "unknown";
        }
    }

    private static ConversionException NotLoadable(string problem, Exception? inner = null) =>
        new(ConversionError.ConverterNotLoadable, problem, inner: inner);

    public void Dispose()
    {
        Converter = null!;
        _context?.Unload();
        _context = null;
    }
}
