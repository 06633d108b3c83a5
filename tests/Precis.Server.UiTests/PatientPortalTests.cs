using static Microsoft.Playwright.Assertions;

namespace Precis.Server.UiTests;

/// <summary>The patient portal: a patient sees their own plan in plain language and nobody else's.</summary>
public sealed class PatientPortalTests(UiServerFixture server) : IClassFixture<UiServerFixture>
{
    [SkippableFact]
    public async Task A_patient_signs_in_and_sees_their_own_plan_in_plain_language()
    {
        var page = await server.NewPageAsync();
        await UiServerFixture.SignInAsync(page, server.PatientB, "/portal");

        var report = page.FrameLocator("#plan-frame");
        await Expect(report.Locator("h1")).ToHaveTextAsync("Your results, explained");
        await Expect(report.Locator("body")).ToContainTextAsync("Talk to your doctor before changing any medicine.");
        await Expect(report.Locator(".for")).ToContainTextAsync("For Sam Other");
        await Expect(report.Locator("body")).ToContainTextAsync("clopidogrel");
        // Plain language: the patient view never shows the clinician report's evidence badges.
        await Expect(report.Locator("#recommendations")).ToHaveCountAsync(0);
        await Expect(page.Locator("nav")).Not.ToContainTextAsync("My patients");
        await UiServerFixture.ScreenshotAsync(page, "portal");
    }

    [SkippableFact]
    public async Task A_patient_cannot_open_another_patients_pages_plan_or_download()
    {
        var page = await server.NewPageAsync();
        await UiServerFixture.SignInAsync(page, server.PatientA, "/portal");
        // Patient A has no plan yet in this class; the portal says so rather than showing anyone else's.
        await Expect(page.Locator("#no-plan")).ToBeVisibleAsync();

        foreach (var path in new[] { $"/patients/{server.PatientBId:D}", $"/patients/{server.PatientBId:D}/plan", $"/patients/{server.PatientBId:D}/plan?handler=Document" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(page.Locator("main")).Not.ToContainTextAsync("Sam Other");
            await Expect(page.Locator("main")).Not.ToContainTextAsync("Maria Demo");
        }

        // The same answer for a patient who does not exist: the page does not reveal who does.
        var existing = await page.GotoAsync($"/patients/{server.PatientBId:D}/plan");
        var existingText = await page.Locator("main").InnerTextAsync();
        var missing = await page.GotoAsync($"/patients/{Guid.NewGuid():D}/plan");
        Assert.Equal(existing!.Status, missing!.Status);
        Assert.Equal(existingText, await page.Locator("main").InnerTextAsync());

        // The API download of B's plan with A's cookie is refused too.
        var api = await page.APIRequest.GetAsync($"/api/plans/{server.PatientBPlanId:D}?format=patient");
        Assert.Contains(api.Status, new[] { 403, 404 });
        Assert.DoesNotContain("Your results, explained", await api.TextAsync(), StringComparison.Ordinal);
    }
}
