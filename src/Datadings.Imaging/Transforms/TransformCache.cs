using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Datadings.Transforms;

/// <summary>
/// The per-sample cache of computed fields: one SQLite database (<c>transforms.sqlite</c> in WAL mode) mapping a
/// key (XXH128 of the code and step chain's identity and the source values' bytes, see <see cref="TransformOperation"/>)
/// to the computed value's msgpack bytes.
/// SQLite makes it safe to share: two builds at once serialise their write transactions (busy timeout), a build
/// killed mid-write loses only its open transaction, and pruning is one transaction too. Bounded by
/// <see cref="MaxBytes"/>: <see cref="Prune"/> drops the least recently used entries until the values fit in 90 %
/// of the bound, then returns the freed pages to the file system.
/// </summary>
public sealed class TransformCache : IDisposable
{
    /// <summary>The database's file name inside the cache directory.</summary>
    public const string FileName = "transforms.sqlite";

    private const int SchemaVersion = 1;
    private readonly string _connectionString;
    private ThreadLocal<Reader> _readers;
    private SqliteConnection _writer;

    private TransformCache(string path, long maxBytes)
    {
        Path = path;
        MaxBytes = maxBytes;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 120 }.ToString();
        _writer = Open();
        _readers = new ThreadLocal<Reader>(() => new Reader(Open()), trackAllValues: true);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The bound on the bytes of stored values.</summary>
    public long MaxBytes { get; }

    /// <summary>
    /// How stale an entry's last use must be before a reuse records it again (like the file systems' relatime).
    /// Recording a use rewrites the row and its index entry, ~25 µs each, as much as the rest of reusing a sample;
    /// an hour is precise enough to order a multi-gigabyte cache for pruning, and rebuilds within the hour skip it.
    /// </summary>
    internal TimeSpan UseResolution { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The newest last use (Unix seconds) that a use at <paramref name="now"/> records again.</summary>
    private long StaleAtOrBefore(long now) => now - Math.Max(1, (long)UseResolution.TotalSeconds);

    /// <summary>
    /// Opens (creating if needed) the cache in <paramref name="directory"/>. A file SQLite finds damaged or not a
    /// database (truncated, overwritten) holds nothing that cannot be recomputed: it is deleted and a new cache
    /// created, and <see cref="Replaced"/> says so.
    /// </summary>
    /// <exception cref="TransformException">The database cannot be opened or is not a transform cache.</exception>
    public static TransformCache Open(string directory, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var path = System.IO.Path.Combine(directory, FileName);
        try
        {
            Directory.CreateDirectory(directory);
            try
            {
                return OpenOnce(path, maxBytes);
            }
            catch (SqliteException e) when (IsDamage(e))
            {
                DeleteFiles(path);
                var cache = OpenOnce(path, maxBytes);
                cache.Replaced = $"{path} was damaged ({e.Message}) and was replaced by an empty cache";
                return cache;
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new TransformException(TransformError.CacheFailed, $"the transform cache in {directory} cannot be opened: {e.Message}", e);
        }
    }

    private const int SqliteCorrupt = 11, SqliteNotADatabase = 26;

    private static bool IsDamage(SqliteException e) => e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase;

    /// <summary>
    /// Whether <paramref name="e"/> is this cache finding its file damaged after it opened (a bad page in the
    /// middle is only seen when read): then <see cref="Reset"/> and run again rather than fail every build.
    /// </summary>
    public static bool IsDamaged(TransformException e) =>
        e.Error == TransformError.CacheFailed && e.InnerException is SqliteException s && IsDamage(s);

    /// <summary>
    /// Deletes the damaged file and starts an empty cache in its place (same path and bound); <see cref="Replaced"/>
    /// says so. Call from one thread while no lookup runs (e.g. after <see cref="TransformOperation.Run"/> threw).
    /// </summary>
    /// <exception cref="TransformException">The new cache cannot be created.</exception>
    public void Reset(TransformException damage)
    {
        CloseConnections();
        _readers = new ThreadLocal<Reader>(() => new Reader(Open()), trackAllValues: true); // lazy: no I/O, and Dispose stays safe if what follows throws
        try
        {
            DeleteFiles(Path);
            _writer = Open();
            CreateSchema();
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new TransformException(TransformError.CacheFailed, $"the damaged transform cache {Path} cannot be replaced: {e.Message}", e);
        }
        Replaced = $"{Path} was damaged ({damage.InnerException!.Message}) and was replaced by an empty cache";
    }

    private static void DeleteFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            File.Delete(file);
    }

    /// <summary>Set when <see cref="Open"/> found the file damaged and started a new cache: what happened.</summary>
    public string? Replaced { get; private set; }

    private static TransformCache OpenOnce(string path, long maxBytes)
    {
        var cache = new TransformCache(path, maxBytes);
        try
        {
            cache.CreateSchema();
            return cache;
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Memory-mapped reads: a lookup copies the value's pages straight from the page cache instead of one pread
        // per 4 kB page (12 % of a rebuild's CPU time when nothing changed). SQLite caps the map at 2 GB.
        Execute(connection, "PRAGMA busy_timeout = 120000; PRAGMA synchronous = NORMAL; PRAGMA mmap_size = 2147418112;");
        return connection;
    }

    private void CreateSchema()
    {
        // auto_vacuum must be set before the first table exists; journal_mode=WAL is remembered by the file.
        Execute(_writer, "PRAGMA auto_vacuum = INCREMENTAL;");
        Execute(_writer, "PRAGMA journal_mode = WAL;");
        using var transaction = _writer.BeginTransaction(deferred: false);
        Execute(_writer, """
            CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS entries (key BLOB NOT NULL UNIQUE, value BLOB NOT NULL, size INTEGER NOT NULL, last_used INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS entries_last_used ON entries (last_used);
            """, transaction);
        using var version = _writer.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "INSERT OR IGNORE INTO meta VALUES ('schema', $v); SELECT value FROM meta WHERE name = 'schema';";
        version.Parameters.AddWithValue("$v", SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var found = (string?)version.ExecuteScalar();
        if (found != SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new IOException($"{Path} has cache schema {found}, this build uses {SchemaVersion}; delete the file to start a new cache");
        transaction.Commit();
    }

    /// <summary>The stored value for <paramref name="key"/>, or null. Safe to call from any thread.</summary>
    public byte[]? TryGet(byte[] key) => TryGet(key, out _);

    /// <summary>
    /// The stored value for <paramref name="key"/>, or null; <paramref name="stale"/> says whether its last use is
    /// older than <see cref="UseResolution"/>, i.e. whether <see cref="Commit"/> should record this use.
    /// </summary>
    internal byte[]? TryGet(byte[] key, out bool stale)
    {
        try
        {
            var value = _readers.Value!.Get(key, out long lastUsed);
            stale = value is not null && lastUsed <= StaleAtOrBefore(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            return value;
        }
        catch (SqliteException e)
        {
            throw new TransformException(TransformError.CacheFailed, $"reading the transform cache {Path} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// Stores computed values and marks reused ones as used now, in one transaction (call from one thread).
    /// A value already stored under the key is replaced: it is either the same value (another build computed it
    /// meanwhile) or one the transform found damaged and recomputed.
    /// </summary>
    public void Commit(IReadOnlyList<(byte[] Key, byte[] Value)> added, IReadOnlyList<byte[]> used)
    {
        if (added.Count == 0 && used.Count == 0) return;
        try
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            using var transaction = _writer.BeginTransaction(deferred: false);
            using var insert = Command(transaction, "INSERT INTO entries (key, value, size, last_used) VALUES ($k, $v, $s, $t) ON CONFLICT (key) DO UPDATE SET value = excluded.value, size = excluded.size, last_used = excluded.last_used", "$k", "$v", "$s", "$t");
            foreach (var (key, value) in added)
            {
                insert.Parameters["$k"].Value = key;
                insert.Parameters["$v"].Value = value;
                insert.Parameters["$s"].Value = value.LongLength;
                insert.Parameters["$t"].Value = now;
                insert.ExecuteNonQuery();
            }
            using var touch = Command(transaction, "UPDATE entries SET last_used = $t WHERE key = $k AND last_used <= $stale", "$k", "$t", "$stale");
            foreach (var key in used)
            {
                touch.Parameters["$k"].Value = key;
                touch.Parameters["$t"].Value = now;
                touch.Parameters["$stale"].Value = StaleAtOrBefore(now);
                touch.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw new TransformException(TransformError.CacheFailed, $"writing the transform cache {Path} failed: {e.Message}", e);
        }
    }

    /// <summary>Entries and bytes of stored values.</summary>
    /// <exception cref="TransformException">The database cannot be read.</exception>
    public (long Entries, long Bytes) Size()
    {
        try
        {
            using var command = _writer.CreateCommand();
            command.CommandText = "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM entries";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (SqliteException e)
        {
            throw new TransformException(TransformError.CacheFailed, $"reading the transform cache {Path} failed: {e.Message}", e);
        }
    }

    /// <summary>
    /// If the values exceed <see cref="MaxBytes"/>, deletes the least recently used entries until they fit in 90 %
    /// of it (the margin keeps a build that adds a little from pruning every time). Returns the entries deleted.
    /// </summary>
    public long Prune()
    {
        try
        {
            var (_, bytes) = Size();
            if (bytes <= MaxBytes) return 0;
            long target = MaxBytes / 10 * 9, excess = bytes - target, deleted = 0;
            using (var transaction = _writer.BeginTransaction(deferred: false))
            {
                var doomed = new List<long>();
                using (var oldest = Command(transaction, "SELECT rowid, size FROM entries ORDER BY last_used, rowid"))
                using (var reader = oldest.ExecuteReader())
                {
                    while (excess > 0 && reader.Read())
                    {
                        doomed.Add(reader.GetInt64(0));
                        excess -= reader.GetInt64(1);
                    }
                }
                using var delete = Command(transaction, "DELETE FROM entries WHERE rowid = $r", "$r");
                foreach (var rowid in doomed)
                {
                    delete.Parameters["$r"].Value = rowid;
                    deleted += delete.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            Execute(_writer, "PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);");
            return deleted;
        }
        catch (SqliteException e)
        {
            throw new TransformException(TransformError.CacheFailed, $"pruning the transform cache {Path} failed: {e.Message}", e);
        }
    }

    /// <summary>SQLite's own consistency check ("ok" when the file is sound): for tests and `datadings` diagnostics.</summary>
    public string IntegrityCheck()
    {
        using var command = _writer.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => CloseConnections();

    private void CloseConnections()
    {
        foreach (var reader in _readers.Values) reader.Dispose();
        _readers.Dispose();
        _writer.Dispose();
    }

    /// <summary>
    /// One worker thread's connection with its prepared lookup, stepped through SQLitePCLRaw (the library under
    /// Microsoft.Data.Sqlite): the value is copied once from SQLite's memory into the returned array, without a
    /// data reader, boxing or parameter lookups per call. The connection's busy timeout applies.
    /// </summary>
    private sealed class Reader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _get;

        public Reader(SqliteConnection connection)
        {
            _connection = connection;
            int rc = raw.sqlite3_prepare_v2(connection.Handle, "SELECT value, last_used FROM entries WHERE key = ?1", out _get);
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }

        public byte[]? Get(byte[] key, out long lastUsed)
        {
            try
            {
                SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_blob(_get, 1, key), _connection.Handle);
                int rc = raw.sqlite3_step(_get);
                lastUsed = 0;
                if (rc == raw.SQLITE_DONE) return null;
                if (rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, _connection.Handle);
                lastUsed = raw.sqlite3_column_int64(_get, 1);
                return raw.sqlite3_column_blob(_get, 0).ToArray();
            }
            finally
            {
                raw.sqlite3_reset(_get);
            }
        }

        public void Dispose()
        {
            _get.Dispose();
            _connection.Dispose();
        }
    }
}
