using System.Buffers;
using System.Text;

namespace Datadings.Hashing;

/// <summary>How keys become bytes: UTF-8, exactly like Python's <c>str.encode('utf-8')</c>.</summary>
internal static class KeyEncoding
{
    /// <summary>
    /// Throws on lone surrogates instead of silently writing U+FFFD: Python refuses to encode such a key,
    /// and a replacement character would make two different keys hash alike.
    /// </summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private const int StackBufferSize = 1024;

    public delegate TResult Utf8Func<TState, TResult>(TState state, ReadOnlySpan<byte> utf8Key)
        where TState : allows ref struct;

    /// <summary>
    /// Calls <paramref name="func"/> with the key's UTF-8 bytes, encoded on the stack for keys of up to
    /// a few hundred characters (the common case, hashed millions of times) and in a pooled array otherwise.
    /// </summary>
    public static TResult WithUtf8<TState, TResult>(string key, TState state, Utf8Func<TState, TResult> func)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(key);
        // Worst case is 3 bytes per UTF-16 char (a surrogate pair is 2 chars → 4 bytes).
        if (key.Length <= StackBufferSize / 3)
        {
            Span<byte> utf8 = stackalloc byte[StackBufferSize];
            int length = StrictUtf8.GetBytes(key, utf8);
            return func(state, utf8[..length]);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetByteCount(key));
        try
        {
            int length = StrictUtf8.GetBytes(key, rented);
            return func(state, rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
