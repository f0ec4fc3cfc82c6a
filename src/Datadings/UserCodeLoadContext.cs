using System.Reflection;
using System.Runtime.Loader;

namespace Datadings;

/// <summary>
/// The isolated, collectible load context a user's code (a custom converter or transform step) runs in. It shares
/// exactly one assembly with its host, <c>Datadings</c> (so <see cref="Conversions.ISampleConverter"/> and
/// <see cref="Transforms.IFieldStep"/> are the same types on both sides, whatever version the user's library
/// compiled against); the user's own dependencies come from its folder (via its .deps.json when present);
/// everything else falls back to the host's (the framework). Assemblies are loaded from bytes, not from their
/// paths, so the files stay unlocked and a rebuild of the library never fails because a build node still has it
/// loaded.
/// </summary>
internal sealed class UserCodeLoadContext : AssemblyLoadContext
{
    private static readonly Assembly Shared = typeof(Sample).Assembly;
    private readonly AssemblyDependencyResolver? _resolver;
    private readonly string _directory;

    public UserCodeLoadContext(string mainAssemblyPath)
        : base("Datadings user code " + Path.GetFileName(mainAssemblyPath), isCollectible: true)
    {
        _directory = Path.GetDirectoryName(mainAssemblyPath)!;
        try
        {
            _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        }
        catch (InvalidOperationException)
        {
            _resolver = null; // no usable .deps.json: probe the folder
        }
    }

    public Assembly LoadFromFile(string path)
    {
        var symbols = Path.ChangeExtension(path, ".pdb");
        using var image = new MemoryStream(File.ReadAllBytes(path));
        using var pdb = File.Exists(symbols) ? new MemoryStream(File.ReadAllBytes(symbols)) : null;
        return LoadFromStream(image, pdb);
    }

    protected override Assembly? Load(AssemblyName name)
    {
        if (string.Equals(name.Name, Shared.GetName().Name, StringComparison.Ordinal))
            return Shared;
        var path = _resolver?.ResolveAssemblyToPath(name);
        if (path is null || !File.Exists(path))
            path = Path.Combine(_directory, name.Name + ".dll");
        return File.Exists(path) ? LoadFromFile(path) : null;
    }
}
