using System.Reflection;
using System.Security.Cryptography;

namespace Datadings;

/// <summary>A user's type could not be found, is not the kind expected, or its constructor threw.</summary>
public sealed class UserCodeException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// An instance of a user's type (a custom converter, a custom transform step) loaded from their assembly into its
/// own collectible load context. Dispose it when done: the context is unloaded and nothing of the user's code stays
/// in the host process (an MSBuild node lives on after the build).
/// </summary>
/// <typeparam name="T">The interface the type must implement (from this assembly, shared with the user's code).</typeparam>
public sealed class UserCode<T> : IDisposable where T : class
{
    private UserCodeLoadContext? _context;

    private UserCode(UserCodeLoadContext context, T instance, string assemblyPath, string assemblySha256)
    {
        _context = context;
        Instance = instance;
        AssemblyPath = assemblyPath;
        AssemblySha256 = assemblySha256;
    }

    public T Instance { get; private set; }

    /// <summary>The assembly the type was found in.</summary>
    public string AssemblyPath { get; }

    /// <summary>
    /// SHA-256 (lower-case hex) of the assembly's bytes as loaded: the code's identity. A rebuilt library with
    /// different code has a different one (a deterministic build of the same code keeps it).
    /// </summary>
    public string AssemblySha256 { get; }

    /// <summary>
    /// Finds <paramref name="typeName"/> (<c>Namespace.Type</c>, or <c>Namespace.Type, AssemblyName</c>) in
    /// <paramref name="candidateAssemblies"/> and creates it with its parameterless constructor.
    /// </summary>
    /// <param name="kind">What the type is, for messages: "converter", "transform step".</param>
    /// <param name="noCandidates">The message when no assembly is given and <paramref name="typeName"/> names none.</param>
    /// <exception cref="UserCodeException">Not found, not a <typeparamref name="T"/>, no parameterless constructor, or it threw.</exception>
    public static UserCode<T> Load(string typeName, IReadOnlyList<string> candidateAssemblies, string kind, string noCandidates)
    {
        var path = FindAssembly(typeName, candidateAssemblies, kind, noCandidates, out var bareTypeName);
        var context = new UserCodeLoadContext(path);
        try
        {
            var bytes = File.ReadAllBytes(path);
            var assembly = context.LoadFromFile(path);
            var type = assembly.GetType(bareTypeName, throwOnError: false)
                ?? throw new UserCodeException($"the type '{bareTypeName}' is not in {Path.GetFileName(path)} (public types: {PublicTypes(assembly)})");
            if (!typeof(T).IsAssignableFrom(type))
                throw new UserCodeException($"'{type.FullName}' does not implement {typeof(T).FullName}");
            if (type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
                throw new UserCodeException($"'{type.FullName}' needs to be a concrete class with a public parameterless constructor");
            var instance = (T)Activator.CreateInstance(type)!;
            return new UserCode<T>(context, instance, path, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        catch (Exception e) when (e is not UserCodeException)
        {
            context.Unload();
            var reason = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            throw new UserCodeException($"loading '{typeName}' from {path} failed: {reason.GetType().Name}: {reason.Message}", reason);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    private static string FindAssembly(string typeName, IReadOnlyList<string> candidates, string kind, string noCandidates, out string bareTypeName)
    {
        var comma = typeName.IndexOf(',');
        bareTypeName = (comma < 0 ? typeName : typeName[..comma]).Trim();
        var assemblyName = comma < 0 ? null : typeName[(comma + 1)..].Trim();
        if (assemblyName is not null)
        {
            if (assemblyName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && File.Exists(assemblyName))
                return Path.GetFullPath(assemblyName);
            return candidates.FirstOrDefault(c => string.Equals(Path.GetFileNameWithoutExtension(c), assemblyName, StringComparison.OrdinalIgnoreCase))
                ?? throw new UserCodeException($"no assembly '{assemblyName}' among the {kind} assemblies ({Describe(candidates)}); add a ProjectReference to the {kind}'s project");
        }
        if (candidates.Count == 1) return candidates[0];
        throw new UserCodeException(candidates.Count == 0 ? noCandidates
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

    public void Dispose()
    {
        Instance = null!;
        _context?.Unload();
        _context = null;
    }
}
