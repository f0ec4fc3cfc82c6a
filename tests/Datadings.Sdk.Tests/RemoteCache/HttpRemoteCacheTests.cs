using System.Net.Sockets;
using System.Text;
using Datadings.Caching;
using Datadings.Sdk.Tests.Support;

namespace Datadings.Sdk.Tests.RemoteCache;

/// <summary>Real builds against a real nginx WebDAV cache: round trip, second machine, failures that must not fail a build.</summary>
public sealed class HttpRemoteCacheTests(SdkPackageFixture sdk) : RemoteCacheTestBase(sdk)
{
    [NginxFact]
    public async Task A_second_machine_builds_from_the_warm_cache_without_download_or_conversion_and_gets_the_same_bytes()
    {
        var items = IdxProjectItems();
        var first = NewMachine("first", items, Nginx.Url(), push: true);
        var build1 = await BuildAsync(first);
        AssertSucceeded(build1);
        Assert.Equal(["digits", "digits-sharded"], Converted(build1.Output));
        Assert.Contains(Nginx.StoredFiles(), f => f.Contains("/sources/"));
        var downloads = Server.Requests.Count;

        var second = NewMachine("second", items, Nginx.Url(), push: false);
        var build2 = await BuildAsync(second);

        AssertSucceeded(build2);
        Assert.Empty(Converted(build2.Output));
        Assert.Contains("digits: pulled 100 samples", build2.Output);
        Assert.Contains("digits-sharded: pulled 100 samples (7 file(s))", build2.Output);
        Assert.Equal(downloads, Server.Requests.Count); // nothing from the origin: sources came from the cache
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(second)));
        Assert.DoesNotContain("warning DD7", build2.Output);
        Assert.Equal(7, OutputsFrom(build2.Output).Count(o => o.Dataset == "digits-sharded"));

        // The pulled datasets are stamped: the next build is up to date and touches nothing.
        var build3 = await BuildAsync(second);
        AssertSucceeded(build3);
        Assert.DoesNotContain("pulled", build3.Output);
        Assert.Empty(Converted(build3.Output));
    }

    [NginxFact]
    public async Task A_second_machine_pulls_datasets_without_fetching_any_source_even_with_the_origin_unreachable()
    {
        var items = IdxProjectItems();
        var first = NewMachine("origin-up", items, Nginx.Url(), push: true);
        AssertSucceeded(await BuildAsync(first));
        var requests = Server.Requests.Count;
        var logBefore = Nginx.AccessLog.Length;

        // Stands for a 150 GB source: the second machine cannot reach it, and must not need to.
        var unreachable = items.Replace(Server.BaseUrl, $"http://127.0.0.1:{NginxCache.FreePort()}", StringComparison.Ordinal);
        var second = NewMachine("origin-down", unreachable, Nginx.Url(), push: false);
        var build = await BuildAsync(second);

        AssertSucceeded(build);
        Assert.Empty(Converted(build.Output));
        Assert.Contains("digits: pulled 100 samples", build.Output);
        Assert.Equal(requests, Server.Requests.Count);
        Assert.DoesNotContain("/cache/sources/", Nginx.AccessLog[logBefore..]); // nor from the cache
        Assert.False(Directory.Exists(MachineCache) && Directory.EnumerateFiles(MachineCache, "*.gz", SearchOption.AllDirectories).Any());
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(second)));

        // The pulled datasets are up to date without their sources, still without the origin.
        var again = await BuildAsync(second);
        AssertSucceeded(again);
        Assert.Empty(Converted(again.Output));
        Assert.DoesNotContain("pulled", again.Output);
    }

    [NginxFact]
    public async Task A_locked_ci_build_pulls_without_sources_and_keeps_the_lock_byte_identical()
    {
        var items = IdxProjectItems();
        var first = NewMachine("lock-writer", items, Nginx.Url(), push: true);
        AssertSucceeded(await BuildAsync(first, "-p:DatadingsUseLockFile=true"));
        var lockText = File.ReadAllText(Path.Combine(Path.GetDirectoryName(first)!, "datasets.lock.json"));

        // A CI runner with the committed lock: locked mode, nothing local.
        var ci = NewMachine("lock-ci", items, Nginx.Url(), push: false);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(ci)!, "datasets.lock.json"), lockText);
        var requests = Server.Requests.Count;
        var build = await BuildAsync(ci, "-p:ContinuousIntegrationBuild=true");

        AssertSucceeded(build);
        Assert.Empty(Converted(build.Output));
        Assert.Equal(requests, Server.Requests.Count);
        Assert.DoesNotContain("DD60", build.Output);
        Assert.Equal(lockText, File.ReadAllText(Path.Combine(Path.GetDirectoryName(ci)!, "datasets.lock.json")));
    }

    [NginxFact]
    public async Task A_source_with_new_content_and_its_new_md5_is_a_new_key_never_a_stale_hit()
    {
        var items = IdxProjectItems(sharded: false);
        var first = NewMachine("old-source", items, Nginx.Url(), push: true);
        AssertSucceeded(await BuildAsync(first));

        // Same name, same URL, new bytes (14×14 images) and the MD5 declared for them.
        var changed = Served("images.gz", Datadings.Tests.Conversions.SyntheticSources.IdxImages(100, rows: 14, columns: 14, gzip: true)) + "\n"
            + Served("labels.gz", Datadings.Tests.Conversions.SyntheticSources.IdxLabels(100, gzip: true))
            + """

            <DatasetConversion Include="digits" Converter="Idx" Images="images.gz" Labels="labels.gz" />
            """;
        var second = NewMachine("new-source", changed, Nginx.Url(), push: false);
        var build = await BuildAsync(second);

        AssertSucceeded(build);
        Assert.DoesNotContain("digits: pulled", build.Output);
        Assert.Equal(["digits"], Converted(build.Output));
        Assert.NotEqual(Md5sOf(DatasetsDir(first))["digits.msgpack"], Md5sOf(DatasetsDir(second))["digits.msgpack"]);
    }

    [NginxFact]
    public async Task A_cache_that_accepts_connections_and_then_stalls_warns_once_and_the_build_converts_locally()
    {
        using var staller = new StallingServer();
        var project = NewMachine("stalled", IdxProjectItems(), staller.Url, push: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var build = await BuildAsync(project);
        AssertSucceeded(build);
        Assert.Equal(["digits", "digits-sharded"], Converted(build.Output));
        var warnings = build.Output.Split('\n').Where(l => l.Contains("warning DD7001:")).Select(l => l[l.IndexOf("warning DD7001:", StringComparison.Ordinal)..].Trim()).Distinct().ToList();
        Assert.Single(warnings);
        Assert.Contains("stalled", warnings[0]);
        Assert.True(staller.Connections > 0);
        // One stall (3 s, the project's timeout) and the cache is left alone: far from hanging.
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"took {clock.Elapsed}");
    }

    [NginxFact]
    public async Task Pruning_with_the_documented_find_command_in_any_order_is_a_miss_that_the_next_pushing_build_heals()
    {
        var items = IdxProjectItems();
        var first = NewMachine("before-prune", items, Nginx.Url(), push: true);
        AssertSucceeded(await BuildAsync(first));

        // docs/remote-cache.md's cron line, on entries last read 40 days ago: data files only (the worst order for
        // manifests, which then name files that are gone).
        foreach (var file in Directory.GetFiles(Path.Combine(Nginx.Storage, "files")))
            File.SetLastAccessTimeUtc(file, DateTime.UtcNow.AddDays(-40));
        using (var find = System.Diagnostics.Process.Start("find", [Nginx.Storage, "-type", "f", "-atime", "+30", "-delete"])!)
            await find.WaitForExitAsync();
        Assert.Empty(Directory.GetFiles(Path.Combine(Nginx.Storage, "files")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Nginx.Storage, "datasets"), "*", SearchOption.AllDirectories));

        var healer = NewMachine("after-prune", items, Nginx.Url(), push: true);
        var build = await BuildAsync(healer);
        AssertSucceeded(build);
        Assert.Contains("warning DD7002:", build.Output);
        Assert.Equal(["digits", "digits-sharded"], Converted(build.Output));

        var next = NewMachine("healed", items, Nginx.Url(), push: false);
        var pulled = await BuildAsync(next);
        AssertSucceeded(pulled);
        Assert.DoesNotContain("warning DD7", pulled.Output);
        Assert.Empty(Converted(pulled.Output));
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(next)));
    }

    [NginxFact]
    public async Task A_pushing_build_pushes_downloaded_sources_but_never_a_local_file()
    {
        var table = "id,value\na,1\nb,2\n";
        var items = IdxProjectItems(sharded: false) + $"""

            <DatasetSource Include="table.csv" Md5="{TestBytes.Md5(Encoding.UTF8.GetBytes(table))}" />
            <DatasetConversion Include="table" Converter="Csv" Source="table.csv" KeyColumn="id" />
            """;
        var project = NewMachine("local-source", items, Nginx.Url(), push: true);
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(project)!, "table.csv"), table);
        AssertSucceeded(await BuildAsync(project));
        // The two downloaded sources, not the table beside the project (no build would pull a local file).
        var sources = Nginx.StoredFiles().Where(f => f.Contains("/sources/", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.Equal(2, sources.Count);
        Assert.DoesNotContain(TestBytes.Md5(Encoding.UTF8.GetBytes(table)), sources);
        Assert.Contains(Nginx.StoredFiles(), f => f.Contains("/datasets/", StringComparison.Ordinal));
    }

    [NginxFact]
    public async Task A_read_only_build_pushes_nothing()
    {
        var project = NewMachine("readonly", IdxProjectItems(sharded: false), Nginx.Url(), push: false);
        AssertSucceeded(await BuildAsync(project));
        Assert.Empty(Nginx.StoredFiles());
        Assert.DoesNotContain("PUT ", Nginx.AccessLog);
    }

    [NginxFact]
    public async Task An_unreachable_cache_warns_once_and_the_build_converts_locally()
    {
        var project = NewMachine("unreachable", IdxProjectItems(), $"http://127.0.0.1:{NginxCache.FreePort()}/cache/", push: true);
        var build = await BuildAsync(project);
        AssertSucceeded(build);
        Assert.Equal(["digits", "digits-sharded"], Converted(build.Output));
        Assert.Equal(1, Count(build.Output, "warning DD7001:") - Count(WarningSummary(build.Output), "warning DD7001:"));
    }

    [NginxFact]
    public async Task A_403_warns_and_the_build_converts_locally()
    {
        var project = NewMachine("forbidden", IdxProjectItems(), Nginx.Url("locked"), push: true);
        var build = await BuildAsync(project);
        AssertSucceeded(build);
        Assert.Contains("403", build.Output.Split('\n').First(l => l.Contains("warning DD7001:")));
        Assert.Equal(["digits", "digits-sharded"], Converted(build.Output));
    }

    [NginxFact]
    public async Task Credentials_come_from_the_environment_wrong_ones_warn_and_never_appear_in_the_log()
    {
        var items = IdxProjectItems(sharded: false);
        SetEnvironment(HttpRemoteCache.UserVariable, NginxCache.User);
        SetEnvironment(HttpRemoteCache.PasswordVariable, "wrong-password-42");
        var wrong = await BuildAsync(NewMachine("wrong-credentials", items, Nginx.Url("auth"), push: true), "-bl");
        AssertSucceeded(wrong);
        Assert.Contains("401", wrong.Output.Split('\n').First(l => l.Contains("warning DD7001:")));
        Assert.DoesNotContain("wrong-password-42", wrong.Output);
        Assert.Empty(Nginx.StoredFiles("auth"));

        SetEnvironment(HttpRemoteCache.PasswordVariable, NginxCache.Password);
        var right = await BuildAsync(NewMachine("right-credentials", items, Nginx.Url("auth"), push: true), "-bl");
        AssertSucceeded(right);
        Assert.DoesNotContain("warning DD7", right.Output);
        Assert.NotEmpty(Nginx.StoredFiles("auth"));
        var binlog = Path.Combine(Path.GetDirectoryName(Directory.GetFiles(Sdk.Root.Path, "data.dsproj", SearchOption.AllDirectories).First(p => p.Contains("right-credentials")))!, "msbuild.binlog");
        Assert.True(File.Exists(binlog));
        Assert.False(Contains(File.ReadAllBytes(binlog), Encoding.UTF8.GetBytes(NginxCache.Password)), "the password is in the binlog");
    }

    [NginxFact]
    public async Task An_address_with_credentials_is_refused_once_per_build_and_never_shows_the_password()
    {
        // Any scheme: an ftp:// address used to be refused with the whole address, password and all, in the warning;
        // and each task (sources, conversions, derived items) warned again.
        var project = NewMachine("userinfo", IdxProjectItems(sharded: false), "ftp://alice:pw-in-url-77@127.0.0.1:1/cache/", push: true);
        var build = await BuildAsync(project);
        AssertSucceeded(build);
        Assert.DoesNotContain("pw-in-url-77", build.Output);
        var warnings = build.Output.Split('\n').Where(l => l.Contains("warning DD7001:")).Select(l => l.Trim().TrimStart('1', '>')).Distinct().ToList();
        Assert.Single(warnings);
        Assert.Contains("credentials", warnings[0]);
    }

    [Fact]
    public async Task A_timeout_that_is_not_a_number_is_a_coded_error_naming_the_setting()
    {
        var project = NewMachine("badtimeout", IdxProjectItems(sharded: false), "http://127.0.0.1:1/cache/", push: false);
        var build = await BuildAsync(project, "-p:DatadingsRemoteCacheTimeout=abc");
        AssertFailedWith(build, "DD7006");
        Assert.Contains("DatadingsRemoteCacheTimeout=\"abc\" is not a number of seconds", ErrorLine(build.Output, "DD7006"));
        Assert.DoesNotContain("MSB4030", build.Output);
    }

    [NginxFact]
    public async Task Wrong_bytes_from_the_cache_are_discarded_with_a_warning_and_the_dataset_is_converted_locally()
    {
        var items = IdxProjectItems(sharded: false);
        var first = NewMachine("producer", items, Nginx.Url(), push: true);
        AssertSucceeded(await BuildAsync(first));
        // Same length, different bytes: only the MD5 can tell.
        foreach (var blob in Directory.GetFiles(Path.Combine(Nginx.Storage, "files")))
        {
            var bytes = File.ReadAllBytes(blob);
            if (bytes.Length > 0) bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(blob, bytes);
        }

        var second = NewMachine("consumer", items, Nginx.Url(), push: false);
        var build = await BuildAsync(second);

        AssertSucceeded(build);
        Assert.Contains("warning DD7002:", build.Output);
        Assert.Equal(["digits"], Converted(build.Output));
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(second)));
        Assert.Empty(Directory.GetDirectories(DatasetsDir(second))); // no staging folder left
    }

    [NginxFact]
    public async Task A_manifest_whose_sample_counts_disagree_with_its_files_is_discarded_and_never_stamped()
    {
        var items = IdxProjectItems(sharded: false) + """

            <DatasetShuffle Include="mixed" Input="digits" Seed="3" />
            """;
        var first = NewMachine("counts-producer", items, Nginx.Url(), push: true);
        AssertSucceeded(await BuildAsync(first));
        // Every file stays intact (sizes and MD5s verify); only the counts the stamp would record are edited, as a hand
        // edit or a buggy client could: 100 samples claimed as 101.
        foreach (var manifest in Directory.GetFiles(Path.Combine(Nginx.Storage, "datasets")))
            File.WriteAllText(manifest, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(manifest), @"^(samples|data\t[^\t]+)\t100\b", "$1\t101", System.Text.RegularExpressions.RegexOptions.Multiline));

        var second = NewMachine("counts-consumer", items, Nginx.Url(), push: false);
        var build = await BuildAsync(second);

        AssertSucceeded(build);
        Assert.Equal(2, Count(build.Output, "warning DD7002:") - Count(WarningSummary(build.Output), "warning DD7002:"));
        Assert.Contains("digits.msgpack says 101 samples but its digits.msgpack.offsets has 808 bytes, expected 816", build.Output);
        Assert.DoesNotContain("pulled 101", build.Output);
        Assert.Equal(["digits"], Converted(build.Output));
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(second)));
        Assert.DoesNotContain("101", string.Concat(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(second)!, "obj"), "*.stamp", SearchOption.AllDirectories).Select(File.ReadAllText)));
    }

    [NginxTmpfsFact]
    public async Task A_disk_that_fills_during_a_pull_is_this_machines_coded_error_not_the_caches_and_leaves_nothing()
    {
        var items = IdxProjectItems(sharded: false) + """

            <DatasetShuffle Include="mixed" Input="digits" Seed="3" />
            """;
        var first = NewMachine("full-producer", items, Nginx.Url(), push: true);
        AssertSucceeded(await BuildAsync(first));

        var second = NewMachine("full-consumer", items, Nginx.Url(), push: false);
        var outputs = DatasetsDir(second);
        using (var disk = Datadings.Tests.Support.Tmpfs.Mount(outputs, 1))
        {
            // A really full volume: whatever the pull writes first fails with ENOSPC.
            using (var filler = File.Create(Path.Combine(outputs, "filler")))
                try { while (true) filler.Write(new byte[64 * 1024]); } catch (IOException) { }
            var build = await BuildAsync(second);

            AssertFailedWith(build, "DD2011");
            Assert.Contains("Dataset 'digits': pulling it from the remote cache failed: The disk is full", ErrorLine(build.Output, "DD2011"));
            Assert.DoesNotContain("MSB4018", build.Output);
            Assert.DoesNotContain("DD7001", build.Output); // the cache is fine: it is not blamed, nor turned off
            Assert.Equal(["filler"], Directory.GetFileSystemEntries(outputs).Select(Path.GetFileName)); // no staging folder, no partial
            File.Delete(Path.Combine(outputs, "filler"));

            // Space freed: the same machine pulls everything.
            var again = await BuildAsync(second);
            AssertSucceeded(again);
            Assert.Contains("digits: pulled 100 samples", again.Output);
            Assert.Contains("mixed: pulled 100 samples", again.Output);
            Assert.DoesNotContain("warning DD7", again.Output);
            Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(outputs));
        }
    }

    [NginxFact]
    public async Task A_pull_staging_folder_of_a_killed_build_is_removed_by_the_next_build_even_one_that_does_not_pull()
    {
        // kill -9 during a pull leaves the staging folder (no finally runs). The next build here finds the cache down
        // and converts: before, only a later pull of the same dataset removed the folder, so it stayed for good.
        var project = NewMachine("stale-pull", IdxProjectItems(sharded: false), $"http://127.0.0.1:{NginxCache.FreePort()}/cache/", push: false);
        var outputs = DatasetsDir(project);
        using var killed = System.Diagnostics.Process.Start("true")!;
        killed.WaitForExit();
        var stale = Datadings.Writing.StagedFiles.StagingDirectoryFor(outputs, "digits").Replace($".{System.Environment.ProcessId}.", $".{killed.Id}.");
        Directory.CreateDirectory(stale);
        File.WriteAllBytes(Path.Combine(stale, "digits.msgpack"), new byte[100_000]);
        var live = Datadings.Writing.StagedFiles.StagingDirectoryFor(outputs, "digits"); // a build that still runs (this process)
        Directory.CreateDirectory(live);

        var build = await BuildAsync(project);

        AssertSucceeded(build);
        Assert.Equal(["digits"], Converted(build.Output));
        Assert.False(Directory.Exists(stale), $"{stale} survived the next build");
        Assert.True(Directory.Exists(live), "a live build's staging folder was removed");
    }

    [NginxFact]
    public async Task A_pushing_build_that_never_pulled_replaces_damaged_files_instead_of_naming_them()
    {
        var items = IdxProjectItems(sharded: false);
        var first = NewMachine("damage-producer", items, Nginx.Url(), push: true);
        AssertSucceeded(await BuildAsync(first));
        // Damage under nginx's root that no HEAD can see (same length), and no manifest left to pull: the next machine
        // converts without reading the files and, on push, finds them "there".
        foreach (var blob in Directory.GetFiles(Path.Combine(Nginx.Storage, "files")))
        {
            var bytes = File.ReadAllBytes(blob);
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(blob, bytes);
        }
        Directory.Delete(Path.Combine(Nginx.Storage, "datasets"), recursive: true);

        var pusher = NewMachine("damage-pusher", items, Nginx.Url(), push: true);
        var build = await BuildAsync(pusher);
        AssertSucceeded(build);
        Assert.Equal(["digits"], Converted(build.Output));
        Assert.DoesNotContain("warning DD7", build.Output);
        foreach (var blob in Directory.GetFiles(Path.Combine(Nginx.Storage, "files")))
            Assert.Equal(Path.GetFileName(blob), Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(File.ReadAllBytes(blob))));

        var next = NewMachine("damage-consumer", items, Nginx.Url(), push: false);
        var pulled = await BuildAsync(next);
        AssertSucceeded(pulled);
        Assert.DoesNotContain("warning DD7", pulled.Output);
        Assert.Empty(Converted(pulled.Output));
        Assert.Equal(Md5sOf(DatasetsDir(first)), Md5sOf(DatasetsDir(next)));
    }

    [Fact]
    public async Task A_cache_that_trickles_bytes_without_ever_stalling_is_cut_off_by_the_rate_floor()
    {
        using var trickler = new TricklingServer(TimeSpan.FromMilliseconds(300));
        using var cache = new HttpRemoteCache(new Uri(trickler.Url), TimeSpan.FromSeconds(2), minimumBytesPerSecond: 100_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<RemoteCacheException>(() => cache.TryGetAsync("datasets/k", Stream.Null, CancellationToken.None));
        Assert.True(e.TooSlow, e.Message);
        Assert.Contains("too slow", e.Message);
        Assert.True(trickler.BytesSent > 2, "bytes kept coming: the no-progress timeout alone would never fire");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_trickling_cache_warns_once_with_DD7007_and_the_build_converts_locally()
    {
        using var trickler = new TricklingServer(TimeSpan.FromMilliseconds(500));
        var project = NewMachine("trickled", IdxProjectItems(), trickler.Url, push: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var build = await BuildAsync(project);
        AssertSucceeded(build);
        Assert.Equal(["digits", "digits-sharded"], Converted(build.Output));
        var warnings = build.Output.Split('\n').Where(l => l.Contains("warning DD70")).Select(l => l[l.IndexOf("warning DD70", StringComparison.Ordinal)..].Trim()).Distinct().ToList();
        Assert.Single(warnings);
        Assert.StartsWith("warning DD7007:", warnings[0]);
        Assert.Contains("DatadingsRemoteCacheMinimumRate", warnings[0]);
        Assert.Equal(1, trickler.GetRequests);   // then the cache is left alone
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_minimum_rate_that_is_not_a_number_is_a_coded_error_naming_the_setting()
    {
        var project = NewMachine("badrate", IdxProjectItems(sharded: false), "http://127.0.0.1:1/cache/", push: false);
        var build = await BuildAsync(project, "-p:DatadingsRemoteCacheMinimumRate=fast");
        AssertFailedWith(build, "DD7006");
        Assert.Contains("DatadingsRemoteCacheMinimumRate=\"fast\" is not a number of KB/s", ErrorLine(build.Output, "DD7006"));
    }

    [NginxFact]
    public async Task An_upload_cut_off_midway_is_never_visible()
    {
        // A client that dies after half of its body: nginx keeps the body in its temp folder and never renames it.
        using (var client = new TcpClient("127.0.0.1", Nginx.Port))
        {
            var stream = client.GetStream();
            var header = $"PUT /cache/files/0123456789abcdef0123456789abcdef HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header));
            await stream.WriteAsync(new byte[500_000]);
            await stream.FlushAsync();
            client.Client.LingerState = new LingerOption(true, 0); // RST, like a killed process
        }
        await Task.Delay(500);
        using var cache = new HttpRemoteCache(new Uri(Nginx.Url()), TimeSpan.FromSeconds(5));
        Assert.Null(await cache.StatAsync("files/0123456789abcdef0123456789abcdef", CancellationToken.None));
        Assert.Empty(Nginx.StoredFiles());
    }

    [NginxFact]
    public async Task A_build_killed_while_pushing_leaves_no_manifest_naming_missing_files_and_the_next_machine_still_builds()
    {
        var items = IdxProjectItems();
        var project = NewMachine("killed", items, Nginx.Url(), push: true);
        var process = StartDotnet(Path.GetDirectoryName(project)!, "build", project, "-v:n");
        await process.WaitForOutputAsync("digits: converted", TimeSpan.FromMinutes(3));
        // Usually lands while the build pushes; if the push already finished, the same must hold of what it left.
        process.Interrupt();
        await process.WaitAsync(TimeSpan.FromMinutes(1));

        // Every visible manifest names only files that are there in full.
        using var cache = new HttpRemoteCache(new Uri(Nginx.Url()), TimeSpan.FromSeconds(5));
        var store = new RemoteStore(cache);
        foreach (var manifest in Directory.Exists(Path.Combine(Nginx.Storage, "datasets")) ? Directory.GetFiles(Path.Combine(Nginx.Storage, "datasets"), "*", SearchOption.AllDirectories) : [])
        {
            var entry = RemoteEntry.Parse(File.ReadAllText(manifest), manifest);
            foreach (var file in entry.Files)
                Assert.Equal(file.Size, new FileInfo(Path.Combine(Nginx.Storage, "files", file.Md5)).Length);
        }

        var next = NewMachine("after-kill", items, Nginx.Url(), push: true);
        var build = await BuildAsync(next);
        AssertSucceeded(build);
        Assert.DoesNotContain("warning DD7002", build.Output);
    }

    [NginxFact]
    public async Task Two_machines_pushing_the_same_entry_at_once_both_succeed_and_a_third_pulls_it_intact()
    {
        var items = IdxProjectItems();
        var a = NewMachine("push-a", items, Nginx.Url(), push: true);
        var processA = StartDotnet(Path.GetDirectoryName(a)!, "build", a, "-v:n");
        var b = NewMachine("push-b", items, Nginx.Url(), push: true);
        var processB = StartDotnet(Path.GetDirectoryName(b)!, "build", b, "-v:n");
        Assert.Equal(0, await processA.WaitAsync(BuildTimeout));
        Assert.Equal(0, await processB.WaitAsync(BuildTimeout));
        Assert.DoesNotContain("warning DD7", processA.Output + processB.Output);

        var c = NewMachine("pull-c", items, Nginx.Url(), push: false);
        var build = await BuildAsync(c);
        AssertSucceeded(build);
        Assert.Empty(Converted(build.Output));
        Assert.Equal(Md5sOf(DatasetsDir(a)), Md5sOf(DatasetsDir(c)));
    }

    private static string WarningSummary(string output)
    {
        var at = output.LastIndexOf("Build succeeded.", StringComparison.Ordinal);
        return at < 0 ? "" : output[at..];
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
