using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Datadings.Reports.Tests;

/// <summary>What headless Chromium saw when it loaded a card.</summary>
internal sealed record PageCheck(int Images, int[] NaturalWidths, string[] Errors, string[] Fetched, string[] Blocked, Dictionary<string, long> Histogram);

/// <summary>
/// Loads a card in Debian's headless Chromium: takes a screenshot and, through a copy of the card with a small
/// inline script added, reports every image's decoded width, console errors, resources fetched and requests the
/// card's Content-Security-Policy blocked, and the label table's counts.
/// </summary>
internal static class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    // Runs before anything else on the page (console wrappers) and after load (the report into the DOM).
    private const string Probe = """
        <script>
        window.__errors = []; window.__blocked = [];
        const ce = console.error; console.error = (...a) => { window.__errors.push(a.join(' ')); ce(...a); };
        window.addEventListener('error', e => window.__errors.push(String(e.message || e.target && (e.target.src || '').slice(0, 40))), true);
        document.addEventListener('securitypolicyviolation', e => window.__blocked.push(e.blockedURI));
        window.addEventListener('load', () => {
          const imgs = [...document.images];
          const hist = {};
          for (const tr of document.querySelectorAll('tr[data-label]')) hist[tr.dataset.label] = Number(tr.dataset.count);
          const report = { Images: imgs.length, NaturalWidths: imgs.map(i => i.naturalWidth), Errors: window.__errors,
            Fetched: performance.getEntriesByType('resource').map(r => r.name), Blocked: window.__blocked, Histogram: hist };
          const pre = document.createElement('pre'); pre.id = 'probe-report';
          pre.textContent = 'PROBE:' + btoa(unescape(encodeURIComponent(JSON.stringify(report)))) + ':PROBE';
          document.body.appendChild(pre);
        });
        </script>
        """;

    public static PageCheck Check(string cardPath, string screenshotPath)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: apt-get install chromium (.ci/run installs it)");
        string html = File.ReadAllText(cardPath);
        // The probe is an inline script: allow exactly that in the copy; every other directive of the card's policy stays.
        string probed = html.Replace("default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';")
            .Replace("<head>", "<head>" + Probe);
        Assert.NotEqual(html, probed);
        string probePath = Path.Combine(Path.GetDirectoryName(cardPath)!, "probed-" + Path.GetFileName(cardPath));
        File.WriteAllText(probePath, probed);

        string dom = Run(probePath, "--dump-dom");
        Run(cardPath, $"--screenshot={screenshotPath}", "--window-size=1280,2400", "--hide-scrollbars");
        Assert.True(File.Exists(screenshotPath), "Chromium wrote no screenshot");

        var match = Regex.Match(dom, "PROBE:([A-Za-z0-9+/=]+):PROBE");
        Assert.True(match.Success, "the probe did not report: the page did not finish loading\n" + dom[..Math.Min(dom.Length, 2000)]);
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(match.Groups[1].Value));
        return JsonSerializer.Deserialize<PageCheck>(json)!;
    }

    private static string Run(string page, params string[] extra)
    {
        string profile = Directory.CreateTempSubdirectory("dd-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--virtual-time-budget=10000", $"--user-data-dir={profile}" })
                start.ArgumentList.Add(a);
            foreach (var a in extra) start.ArgumentList.Add(a);
            start.ArgumentList.Add(new Uri(page).AbsoluteUri);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("Chromium did not finish within 2 minutes");
            }
            Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
