using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Precis.Server.UiTests;

/// <summary>
/// A clinician's day in the browser: sign in, find their patient, upload the demo patient's four files, run the
/// analysis, wait for it, read the plan with its clopidogrel/CYP2C19 recommendation, check a drug, sign out.
/// </summary>
public sealed class ClinicianFlowTests(UiServerFixture server) : IClassFixture<UiServerFixture>
{
    [SkippableFact]
    public async Task A_clinician_uploads_the_demo_patient_runs_the_analysis_and_sees_the_clopidogrel_recommendation()
    {
        var page = await server.NewPageAsync();
        await page.GotoAsync("/patients");
        // Not signed in: sent to the sign-in page, and back to the list afterwards.
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl=%2Fpatients$"));
        await UiServerFixture.ScreenshotAsync(page, "sign-in");
        await page.FillAsync("#username", server.Clinician.UserName);
        await page.FillAsync("#password", server.Clinician.Password);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/patients", UiServerFixture.UrlCommitted);

        // The token lives in a cookie no script can read and no other site's request carries.
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "precis_token");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        // Only their own patient is listed.
        var rows = page.Locator("#patients tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("Maria Demo");
        await Expect(page.Locator("#patients")).Not.ToContainTextAsync("Sam Other");
        await UiServerFixture.ScreenshotAsync(page, "patients");

        await page.ClickAsync("text=Maria Demo");
        await page.WaitForURLAsync($"**/patients/{server.PatientAId:D}", UiServerFixture.UrlCommitted);
        foreach (var (kind, file) in new[] { ("fhir", "demo.fhir.json"), ("vcf", "demo.germline.vcf"), ("maf", "demo.tumour.maf"), ("csv", "demo.wearable.csv") })
        {
            await page.SelectOptionAsync("#kind", kind);
            await page.SetInputFilesAsync("#file", UiServerFixture.Demo(file));
            await page.ClickAsync("#upload");
            // The script posts with a progress bar, then follows the redirect to "stored".
            await Expect(page.Locator("#upload-ok")).ToContainTextAsync(file);
        }

        // The progress bar, seen by slowing the browser's uploads to 32 KB/s (Chromium's network emulation):
        // uploading the demo VCF again shows "Uploading: n%" while the bytes go out.
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 32 * 1024,
        });
        await page.SelectOptionAsync("#kind", "vcf");
        await page.SetInputFilesAsync("#file", UiServerFixture.Demo("demo.germline.vcf"));
        await page.ClickAsync("#upload");
        await Expect(page.Locator("#upload-progress-text")).ToContainTextAsync(new Regex("Uploading: [0-9]+% \\(\\d+ of \\d+ KB\\)"));
        await Expect(page.Locator("#upload-progress")).ToBeVisibleAsync();
        await UiServerFixture.ScreenshotAsync(page, "upload-progress");
        await Expect(page.Locator("#upload-ok")).ToContainTextAsync("demo.germline.vcf", new() { Timeout = 30_000 });
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = -1,
        });

        var uploads = page.Locator("#uploads tbody tr");
        await Expect(uploads).ToHaveCountAsync(5);
        await Expect(page.Locator("#uploads")).ToContainTextAsync("demo.germline.vcf");
        await UiServerFixture.ScreenshotAsync(page, "upload", fullPage: true);

        await page.ClickAsync("#start-analysis");
        await page.WaitForURLAsync(new Regex($"/patients/{server.PatientAId:D}/jobs/[0-9a-f-]{{36}}$"), UiServerFixture.UrlCommitted);
        await UiServerFixture.ScreenshotAsync(page, "job");
        // The page refreshes itself every 2 s until the job has finished.
        await Expect(page.Locator("#job")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 180_000 });
        await Expect(page.Locator("#job-progress-text")).ToContainTextAsync("100%");

        await page.ClickAsync("#view-plan");
        await page.WaitForURLAsync($"**/patients/{server.PatientAId:D}/plan", UiServerFixture.UrlCommitted);
        var report = page.FrameLocator("#plan-frame");
        var clopidogrel = report.Locator("#recommendations article.rec", new() { HasText = "clopidogrel" }).First;
        await Expect(clopidogrel).ToContainTextAsync("CYP2C19");
        await Expect(report.Locator("h1")).ToContainTextAsync("Maria Demo");
        await Expect(page.Locator("#downloads a")).ToHaveCountAsync(6);
        await clopidogrel.ScrollIntoViewIfNeededAsync();
        await UiServerFixture.ScreenshotAsync(page, "plan");

        // The JSON download is the plan itself: the clopidogrel recommendation cites CYP2C19.
        var json = await page.APIRequest.GetAsync(await page.Locator("#downloads a", new() { HasText = "JSON" }).GetAttributeAsync("href") ?? "");
        Assert.Equal(200, json.Status);
        var plan = await json.TextAsync();
        Assert.Contains("\"clopidogrel\"", plan, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("CYP2C19", plan, StringComparison.Ordinal);

        await page.ClickAsync("#sign-out");
        await page.WaitForURLAsync("**/signin", UiServerFixture.UrlCommitted);
        await page.GotoAsync("/patients");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?returnUrl="));
    }

    [SkippableFact]
    public async Task A_wrong_password_gets_one_message_that_does_not_say_whether_the_user_exists_and_no_cookie()
    {
        var page = await server.NewPageAsync();
        foreach (var user in new[] { server.Clinician.UserName, "nobody-" + Guid.NewGuid().ToString("N")[..8] })
        {
            await page.GotoAsync("/signin");
            await page.FillAsync("#username", user);
            await page.FillAsync("#password", "not-the-password");
            var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#sign-in"), r => r.Url.EndsWith("/signin", StringComparison.Ordinal) && r.Request.Method == "POST");
            Assert.Equal(401, response.Status);
            await Expect(page.Locator("#sign-in-error")).ToContainTextAsync("The user name or password is not correct.");
        }

        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "precis_token");
    }

    [SkippableFact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused_and_starts_nothing()
    {
        var page = await server.NewPageAsync();
        await UiServerFixture.SignInAsync(page, server.Clinician, "/patients");
        await page.GotoAsync($"/patients/{server.PatientAId:D}");
        var jobsBefore = await page.Locator("#jobs tbody tr").CountAsync();

        // Signed in (the cookie is sent) but without the form's token, as a cross-site form would be.
        var forged = await page.APIRequest.PostAsync($"/patients/{server.PatientAId:D}?handler=Analyse");
        Assert.Equal(400, forged.Status);

        await page.ReloadAsync();
        Assert.Equal(jobsBefore, await page.Locator("#jobs tbody tr").CountAsync());
    }

    [SkippableFact]
    public async Task A_bad_upload_without_javascript_names_the_file_and_line_and_stores_nothing()
    {
        var page = await server.NewPageAsync(javaScript: false);
        await UiServerFixture.SignInAsync(page, server.Clinician, "/patients");
        await page.GotoAsync($"/patients/{server.PatientAId:D}");
        var before = await page.Locator("#uploads tbody tr").CountAsync();

        var bad = Path.Combine(Path.GetTempPath(), $"precis-ui-{Guid.NewGuid():N}", "broken.maf");
        Directory.CreateDirectory(Path.GetDirectoryName(bad)!);
        await File.WriteAllTextAsync(bad, "#version 2.4\nHugo_Symbol\tChromosome\tEnd_Position\nKRAS\tchr12\t25245350\n");
        await page.SelectOptionAsync("#kind", "maf");
        await page.SetInputFilesAsync("#file", bad);
        await page.ClickAsync("#upload");

        await Expect(page.Locator("#upload-error-text")).ToHaveTextAsync("broken.maf line 2: a MAF header (tab-separated) needs the column 'Start_Position'");
        await Expect(page.Locator("#uploads tbody tr")).ToHaveCountAsync(before);
    }

    [SkippableFact]
    public async Task The_drug_check_gives_the_clopidogrel_guidance_and_says_no_guideline_for_a_drug_without_one()
    {
        var page = await server.NewPageAsync();
        await UiServerFixture.SignInAsync(page, server.OtherClinician, "/patients");

        await page.GotoAsync($"/patients/{server.PatientBId:D}/drug-check");
        await page.FillAsync("#drug", "clopidogrel");
        await page.ClickAsync("#check-drug");
        var result = page.Locator("#drug-result");
        await Expect(result).ToHaveAttributeAsync("data-outcome", "Recommendation");
        await Expect(result).ToContainTextAsync("CYP2C19");
        await UiServerFixture.ScreenshotAsync(page, "drug-check");

        await page.FillAsync("#drug", "paracetamol");
        await page.ClickAsync("#check-drug");
        await Expect(result).ToHaveAttributeAsync("data-outcome", "NoGuideline");
        await Expect(result).ToContainTextAsync("No guideline");

        // Codeine has a CYP2D6 guideline, but CYP2D6 is not called from a VCF: said so, not silently "fine".
        await page.FillAsync("#drug", "codeine");
        await page.ClickAsync("#check-drug");
        await Expect(result).ToHaveAttributeAsync("data-outcome", "InsufficientData");
        await Expect(result).ToContainTextAsync("CYP2D6 not called");
    }

    [SkippableFact]
    public async Task A_clinician_gets_the_same_not_found_page_for_another_clinicians_patient_as_for_one_that_does_not_exist()
    {
        var page = await server.NewPageAsync();
        await UiServerFixture.SignInAsync(page, server.Clinician, "/patients");

        var other = await page.GotoAsync($"/patients/{server.PatientBId:D}/plan");
        var otherText = await page.Locator("main").InnerTextAsync();
        var none = await page.GotoAsync($"/patients/{Guid.NewGuid():D}/plan");
        var noneText = await page.Locator("main").InnerTextAsync();

        Assert.Equal(404, other!.Status);
        Assert.Equal(404, none!.Status);
        Assert.Equal(noneText, otherText);
        Assert.DoesNotContain("Sam Other", otherText, StringComparison.Ordinal);
    }
}
