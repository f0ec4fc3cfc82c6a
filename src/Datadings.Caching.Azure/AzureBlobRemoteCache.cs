using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Datadings.Caching.Azure;

/// <summary>
/// The remote cache in an Azure Blob Storage container: address <c>azblob://CONTAINER[/PREFIX]</c>. The account and
/// its credentials come from the standard places only: <c>AZURE_STORAGE_CONNECTION_STRING</c> (also what Azurite
/// uses), else <c>AZURE_STORAGE_ACCOUNT</c> with Azure's default credential chain (environment, workload identity,
/// managed identity, Azure CLI, …). A blob becomes visible only when its upload is committed (Put Blob, or Put Block
/// List after staged blocks), so a killed upload leaves nothing readable.
/// </summary>
public sealed class AzureBlobRemoteCache : IRemoteCache
{
    public const string Scheme = "azblob";
    public const string ConnectionStringVariable = "AZURE_STORAGE_CONNECTION_STRING";
    public const string AccountVariable = "AZURE_STORAGE_ACCOUNT";

    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly TimeSpan _timeout;
    private readonly double _minimumRate;
    private int _containerChecked;

    /// <param name="address"><c>azblob://CONTAINER[/PREFIX]</c>.</param>
    /// <param name="timeout">Per network operation (each read of a body included), retried twice: see docs/remote-cache.md.</param>
    /// <param name="minimumBytesPerSecond">The lowest average rate of a transfer after its first <paramref name="timeout"/>; 0: none.</param>
    public AzureBlobRemoteCache(Uri address, TimeSpan timeout, double minimumBytesPerSecond = 0)
        : this(Open(address, timeout), address.AbsolutePath, timeout, minimumBytesPerSecond)
    {
    }

    /// <summary>A cache in <paramref name="container"/> under <paramref name="prefix"/> ('/'-separated, may be empty).</summary>
    public AzureBlobRemoteCache(BlobContainerClient container, string prefix, TimeSpan? timeout = null, double minimumBytesPerSecond = 0)
    {
        _container = container;
        // The SDK bounds each network operation (NetworkTimeout, retried); the guard adds the rate bound and a stall
        // bound over the retries, so only a generous stall time here.
        _timeout = (timeout ?? TimeSpan.FromSeconds(10)) * 3;
        _minimumRate = minimumBytesPerSecond;
        _prefix = prefix.Trim('/') is { Length: > 0 } trimmed ? trimmed + "/" : "";
        Description = $"{Scheme}://{container.Name}/{_prefix} at {container.Uri.GetLeftPart(UriPartial.Authority)}";
    }

    private static BlobContainerClient Open(Uri address, TimeSpan timeout)
    {
        if (address.Scheme != Scheme || address.Host.Length == 0)
            throw new ArgumentException($"an Azure cache address is {Scheme}://CONTAINER[/PREFIX], not '{address}'");
        // Azure's rule for container names; checked here so a typo is named as such instead of the service's
        // "400 OutOfRangeInput" (a 2-letter name) or "400 InvalidResourceName" on the first request.
        if (!System.Text.RegularExpressions.Regex.IsMatch(address.Host, "^(?=.{3,63}$)[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]$"))
            throw new ArgumentException($"'{address.Host}' cannot be an Azure container name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit");
        var options = new BlobClientOptions();
        // The cache is an optimisation: a short retry budget, then the build goes on locally (one DD7001 warning).
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = timeout;
        BlobServiceClient service;
        // A malformed variable is a refusal like a bad address (one DD7001, the build goes on locally), never an
        // exception out of the build task. The message names the variable, never its value (it holds the key).
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } connectionString)
        {
            try
            {
                service = new BlobServiceClient(connectionString, options);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                throw new ArgumentException($"{ConnectionStringVariable} is not an Azure Storage connection string (name=value pairs separated by ';', "
                    + "with AccountName and AccountKey, or a SharedAccessSignature, and BlobEndpoint or the account's defaults)");
            }
        }
        else if (Environment.GetEnvironmentVariable(AccountVariable) is { Length: > 0 } account)
        {
            if (Uri.CheckHostName($"{account}.blob.core.windows.net") != UriHostNameType.Dns)
                throw new ArgumentException($"{AccountVariable}='{account}' is not a storage account name (3 to 24 lower-case letters and digits)");
            service = new BlobServiceClient(new Uri($"https://{account}.blob.core.windows.net"), new DefaultAzureCredential(), options);
        }
        else
            throw new ArgumentException($"an Azure cache needs {ConnectionStringVariable} or {AccountVariable} (with Azure's default credentials) in the environment");
        return service.GetBlobContainerClient(address.Host);
    }

    public string Description { get; }

    public async Task<bool> TryGetAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        using var guard = new StallGuard(_timeout, _minimumRate, cancellationToken);
        try
        {
            await _container.GetBlobClient(_prefix + path).DownloadToAsync(new GuardedWriteStream(destination, guard), guard.Token).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false; // no such blob, or no container yet: a miss either way
        }
        catch (OperationCanceledException e) when (!guard.CallerCancelled)
        {
            throw guard.Failure($"GET {path} from {Description}", e);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw Failure("GET", path, e);
        }
    }

    /// <summary>
    /// The blob's properties: its length and <c>Content-MD5</c>. Azure computes the latter for a single Put Blob; for a
    /// blob uploaded in blocks it is what the uploader declared (<see cref="PutAsync"/> declares the MD5 it is given),
    /// else absent.
    /// </summary>
    public async Task<RemoteStat?> StatAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await _container.GetBlobClient(_prefix + path).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new RemoteStat(properties.ContentLength, properties.ContentHash is { Length: 16 } hash ? Convert.ToHexStringLower(hash) : null);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw Failure("HEAD", path, e);
        }
    }

    public async Task PutAsync(string path, string file, string? md5, CancellationToken cancellationToken)
    {
        using var guard = new StallGuard(_timeout, _minimumRate, cancellationToken);
        try
        {
            if (Interlocked.Exchange(ref _containerChecked, 1) == 0)
                await _container.CreateIfNotExistsAsync(cancellationToken: guard.Token).ConfigureAwait(false);
            var options = new BlobUploadOptions();
            if (md5 is not null) options.HttpHeaders = new BlobHttpHeaders { ContentHash = Convert.FromHexString(md5) };
            await using var body = new GuardedReadStream(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), guard);
            await _container.GetBlobClient(_prefix + path).UploadAsync(body, options, guard.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!guard.CallerCancelled)
        {
            throw guard.Failure($"PUT {path} at {Description}", e);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            throw Failure("PUT", path, e);
        }
    }

    private static bool IsFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && e is RequestFailedException or AuthenticationFailedException or IOException or HttpRequestException or OperationCanceledException or AggregateException;

    // The SDK's messages can run to many lines of headers: keep the status and error code, which say what to fix.
    private RemoteCacheException Failure(string what, string path, Exception e) => new(e switch
    {
        RequestFailedException r => $"{what} {path} at {Description} answered {r.Status} {r.ErrorCode}"
            + (r.Status is 401 or 403 ? $" (check {ConnectionStringVariable} or the identity's role on the container)" : ""),
        _ => $"{what} {path} at {Description} failed: {e.GetType().Name}: {FirstLine(e.Message)}",
    }, e);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    public void Dispose()
    {
    }
}
