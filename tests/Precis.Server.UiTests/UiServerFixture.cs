using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using Precis.Testing;

namespace Precis.Server.UiTests;

/// <summary>
/// One Precis server per test class, on a free loopback port (Kestrel) with a fresh SQLite database and blob store
/// in a temp folder, seeded through the public REST API: two clinicians, each with a patient, and a patient user
/// for each. The second patient's demo plan is computed at start-up (so there is another patient's plan to try to
/// open), and one headless Chromium is shared by the class. Each test opens its own browser context (cookies).
/// </summary>
public sealed class UiServerFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; Playwright's own browser download does not work here and is never used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _dataDir = TestPaths.TempDir();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The shared browser, or null when Chromium is not installed (the tests then skip and say so).</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>The first clinician; Maria Demo (patient A) is on their care team, patient B is not.</summary>
    public Account Clinician { get; } = new("dr.ada", NewPassword());

    /// <summary>A second clinician, who owns patient B.</summary>
    public Account OtherClinician { get; } = new("dr.ben", NewPassword());

    /// <summary>The patient user linked to patient A.</summary>
    public Account PatientA { get; } = new("maria", NewPassword());

    /// <summary>The patient user linked to patient B.</summary>
    public Account PatientB { get; } = new("sam", NewPassword());

    public Guid PatientAId { get; private set; }

    public Guid PatientBId { get; private set; }

    /// <summary>Patient B's plan, made at start-up through the API from the demo files.</summary>
    public Guid PatientBPlanId { get; private set; }

    /// <summary>The demo patient's files (samples/demo).</summary>
    public static string Demo(string file) => Path.Combine(TestPaths.RepoRoot, "samples", "demo", file);

    /// <summary>Where tests save screenshots: $PRECIS_UI_SCREENSHOTS (docs/screenshots/server.sh sets it), else nowhere.</summary>
    public static string? ScreenshotDir => Environment.GetEnvironmentVariable("PRECIS_UI_SCREENSHOTS") is { Length: > 0 } d ? d : null;

    public async Task InitializeAsync()
    {
        var admin = new Account("admin", NewPassword());
        var builder = PrecisServer.CreateBuilder([], o =>
        {
            o.DataDirectory = _dataDir;
            o.EncryptionKey = "ui-test:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            o.Jwt.SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
            o.AdminUser = admin.UserName;
            o.AdminPassword = admin.Password;
            o.SignInPerMinute = 1000;
        });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = await PrecisServer.BuildAsync(builder, TextWriter.Null);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');

        await SeedAsync(admin);

        if (File.Exists(ChromiumPath))
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finished job; the OS cleans the temp folder.
        }
    }

    /// <summary>Skips the calling test, naming the package to install, when Chromium is absent.</summary>
    public IBrowser RequireBrowser()
    {
        Skip.If(Browser is null, $"Chromium not found at {ChromiumPath}: install it with 'apt-get install -y chromium' (CI has it)");
        return Browser!;
    }

    /// <summary>A fresh browser context (its own cookies) with a page, for one user's session.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await RequireBrowser().NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1200, Height = 860 },
        });
        // CI runs the test assemblies side by side on two cores: a first page load (server warm-up, Chromium start)
        // took over 15 s there once (2026-12-07). A failed wait still fails the test, only later.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Waiting for a URL only until the navigation commits. By default Playwright then also waits for the page's "load"
    /// event, and under a loaded CI machine it once missed one after the sign-in redirect (network idle, no "load" in
    /// 60 s). Every step after a URL wait is a web-first assertion or action, which waits for what it needs itself.
    /// </summary>
    public static readonly PageWaitForURLOptions UrlCommitted = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Signs in through the form and waits for the role's start page.</summary>
    public static async Task SignInAsync(IPage page, Account account, string expectedPath)
    {
        await page.GotoAsync("/signin");
        await page.FillAsync("#username", account.UserName);
        await page.FillAsync("#password", account.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == expectedPath, UiServerFixture.UrlCommitted);
    }

    /// <summary>Saves a screenshot as docs/screenshots/server-NAME.png when screenshots were asked for.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        if (ScreenshotDir is not { } dir)
            return;
        // URL waits stop at the navigation's commit (UrlCommitted): a picture needs the whole page.
        await page.WaitForLoadStateAsync(LoadState.Load);
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"server-{name}.png"), FullPage = fullPage, Type = ScreenshotType.Png });
    }

    private async Task SeedAsync(Account admin)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        var adminToken = await TokenAsync(http, admin);
        await CreateUserAsync(http, adminToken, Clinician, "clinician", null);
        await CreateUserAsync(http, adminToken, OtherClinician, "clinician", null);

        PatientAId = await CreatePatientAsync(http, await TokenAsync(http, Clinician), "UI-A-001", "Maria Demo", "1964-03-14");
        var otherToken = await TokenAsync(http, OtherClinician);
        PatientBId = await CreatePatientAsync(http, otherToken, "UI-B-002", "Sam Other", "1971-09-02");
        await CreateUserAsync(http, adminToken, PatientA, "patient", PatientAId);
        await CreateUserAsync(http, adminToken, PatientB, "patient", PatientBId);

        // Patient B's plan through the API (what the UI does for patient A in the tests): the demo files, with the
        // record renamed to Sam Other so B's plan is recognisably not A's.
        var bundle = JsonNode.Parse(await File.ReadAllTextAsync(Demo("demo.fhir.json")))!;
        var patient = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).Single(r => (string?)r["resourceType"] == "Patient");
        patient["name"] = JsonNode.Parse("""[{"use": "official", "family": "Other", "given": ["Sam"]}]""");
        var samBundle = Path.Combine(_dataDir, "sam.fhir.json");
        await File.WriteAllTextAsync(samBundle, bundle.ToJsonString());
        foreach (var (kind, file, path) in new[]
        {
            ("fhir", "sam.fhir.json", samBundle), ("vcf", "demo.germline.vcf", Demo("demo.germline.vcf")),
            ("maf", "demo.tumour.maf", Demo("demo.tumour.maf")), ("csv", "demo.wearable.csv", Demo("demo.wearable.csv")),
        })
        {
            using var body = new StreamContent(File.OpenRead(path));
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var req = new HttpRequestMessage(HttpMethod.Post, $"api/patients/{PatientBId:D}/uploads?kind={kind}&name={file}") { Content = body };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", otherToken);
            (await http.SendAsync(req)).EnsureSuccessStatusCode();
        }

        var job = await SendJsonAsync(http, HttpMethod.Post, $"api/patients/{PatientBId:D}/jobs", otherToken, null);
        var jobId = job.GetProperty("id").GetGuid();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var state = await SendJsonAsync(http, HttpMethod.Get, $"api/jobs/{jobId:D}", otherToken, null);
            var status = state.GetProperty("status").GetString();
            if (status == "succeeded")
            {
                PatientBPlanId = state.GetProperty("planId").GetGuid();
                break;
            }

            if (status is "failed" or "cancelled" || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"patient B's demo job ended {status}: {state}");
            await Task.Delay(200);
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, Account account)
    {
        var response = await http.PostAsJsonAsync("api/auth/token", new { userName = account.UserName, password = account.Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static async Task<Guid> CreateUserAsync(HttpClient http, string token, Account account, string role, Guid? patientId) =>
        (await SendJsonAsync(http, HttpMethod.Post, "api/users", token, new { userName = account.UserName, password = account.Password, role, patientId })).GetProperty("id").GetGuid();

    private static async Task<Guid> CreatePatientAsync(HttpClient http, string token, string externalId, string displayName, string birthDate) =>
        (await SendJsonAsync(http, HttpMethod.Post, "api/patients", token, new { externalId, displayName, birthDate })).GetProperty("id").GetGuid();

    private static async Task<JsonElement> SendJsonAsync(HttpClient http, HttpMethod method, string path, string token, object? body)
    {
        using var req = new HttpRequestMessage(method, path);
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            req.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(req);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} → {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
}

/// <summary>A local user's credentials (random per run).</summary>
public sealed record Account(string UserName, string Password);
