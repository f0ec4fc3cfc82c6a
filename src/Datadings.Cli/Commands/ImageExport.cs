using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Datadings.Reading;
using Datadings.Reports;
using Datadings.Writing;

namespace Datadings.Cli.Commands;

/// <summary>
/// <c>cat --export DIR</c>: every field holding an encoded image (PNG, JPEG, GIF, BMP, WebP, recognised by its first
/// bytes) becomes the file <c>DIR/KEY.FIELD.EXT</c>, for a quick look with an image viewer. Keys and field names
/// are made safe as file names on every platform; one that had to change (or is too long) gets a hash of the
/// original, so two keys never share a file.
/// </summary>
internal static class ImageExport
{
    // NTFS and ext4 allow 255 bytes (UTF-16 units on NTFS); leave room for the field, the hash and the extension.
    private const int MaxPartBytes = 100;

    /// <summary>Writes the images of samples <paramref name="indices"/>; returns how many files and from which fields.</summary>
    public static (int Files, IReadOnlyCollection<string> Fields) Run(ISampleReader reader, IEnumerable<int> indices, string directory, CancellationToken cancellation)
    {
        if (File.Exists(directory))
            throw new UsageException($"--export {directory}: this is a file; give a folder (it is created if missing)");
        // Created with the first image: an export that finds none leaves no empty folder behind.
        bool created = false;
        var used = new HashSet<string>(OperatingSystem.IsLinux() ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        int files = 0;
        foreach (int index in indices)
        {
            cancellation.ThrowIfCancellationRequested();
            var key = reader.GetKey(index);
            foreach (var (name, value) in reader.Get(index))
            {
                if (value is not byte[] bytes || ImageMagic.Of(bytes) is not { } mime) continue;
                var file = SafeName(key) + "." + SafeName(name) + ImageMagic.Extension(mime);
                if (!used.Add(file))
                    throw new InvalidOperationException($"sample {index} (key \"{key}\") field \"{name}\": the file name {file} is already taken by another sample of this export");
                var path = Path.Combine(directory, file);
                if (!created) OutputFolder.Create(directory);
                created = true;
                try
                {
                    File.WriteAllBytes(path, bytes);
                }
                catch (IOException e) when (e is not DirectoryNotFoundException)
                {
                    throw new IOException($"cannot write {path} (sample {index}, key \"{key}\", field \"{name}\"): {e.Message}", e);
                }
                fields.Add(name);
                files++;
            }
        }
        return (files, fields);
    }

    /// <summary>
    /// <paramref name="text"/> as a file name part: characters that are not allowed or mean something in a path
    /// (separators, <c>&lt;&gt;:"|?*</c>, controls, a leading dot) become '_'; if anything changed or the name is
    /// longer than 100 UTF-8 bytes, '~' and 8 hex digits of the original's XxHash32 follow, so "a/b" and "a_b" stay apart.
    /// </summary>
    internal static string SafeName(string text)
    {
        var safe = new StringBuilder(text.Length);
        int bytes = 0;
        bool shortened = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxPartBytes) { shortened = true; break; }
            bool bad = Rune.IsControl(rune) || rune.Value is '/' or '\\' or '<' or '>' or ':' or '"' or '|' or '?' or '*'
                       || (safe.Length == 0 && rune.Value == '.');
            safe.Append(bad ? "_" : rune.ToString());
            bytes += bad ? 1 : rune.Utf8SequenceLength;
        }
        var result = safe.ToString();
        // Windows drops a trailing space or dot; an empty key would name no file.
        if (!shortened && result == text && result.Length > 0 && !result.EndsWith(' ') && !result.EndsWith('.')) return result;
        var hash = BinaryPrimitives.ReadUInt32BigEndian(XxHash32.Hash(Encoding.UTF8.GetBytes(text)));
        return $"{result}~{hash:x8}";
    }
}
