using System.Security.Cryptography;
using System.Text;

namespace Precis.Server.Web;

/// <summary>
/// The UI's stylesheet and script, compiled into the assembly so `precis serve` needs no content root, CDN or
/// web font: every page works offline and the same bytes are served whatever directory the server runs from.
/// </summary>
public static class WebAssets
{
    /// <summary>Path of the stylesheet; the version query makes browsers refetch it when it changes.</summary>
    public static readonly string CssPath = "/ui/site.css?v=" + Version(Css);

    /// <summary>Path of the progressive-enhancement script (upload progress, plan frame height).</summary>
    public static readonly string ScriptPath = "/ui/site.js?v=" + Version(Script);

    private static string Version(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    /// <summary>Readable, high-contrast, print-friendly styles; colours match the plan report (PlanHtml).</summary>
    public const string Css = """
        :root { --ink:#1d2733; --muted:#4f5b69; --line:#cfd7df; --accent:#0b5c74; --accent-dark:#074355; --urgent:#b3261e;
                --ok:#1e7d3a; --warn:#8a5300; --bg:#f6f8fa; --focus:#ffbf47; }
        * { box-sizing: border-box; }
        html { font-size: 16px; }
        body { margin: 0; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
               color: var(--ink); background: #fff; }
        a { color: var(--accent); text-underline-offset: 2px; }
        a:hover { color: var(--accent-dark); }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
        .skip { position: absolute; left: -9999px; top: 0; background: #fff; padding: 8px 12px; z-index: 10; }
        .skip:focus { left: 8px; }
        header.bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px 24px;
                     padding: 10px 32px; border-bottom: 3px solid var(--accent); }
        .brand { display: inline-flex; align-items: center; gap: 8px; font-weight: 700; font-size: 1.25rem; color: var(--accent); text-decoration: none; }
        nav ul { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 20px; list-style: none; margin: 0; padding: 0; }
        nav .who { color: var(--muted); font-size: .9rem; }
        .notice { margin: 0; padding: 6px 32px; background: #fff4e5; border-bottom: 1px solid #f0d2a8; font-size: .875rem; }
        main { max-width: 1100px; margin: 0 auto; padding: 8px 32px 40px; }
        h1 { font-size: 1.75rem; margin: 20px 0 8px; line-height: 1.25; }
        h2 { font-size: 1.25rem; margin: 28px 0 8px; color: var(--accent); border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        .lead { font-size: 1.05rem; color: var(--muted); margin-top: 0; }
        .muted { color: var(--muted); }
        .crumbs { font-size: .9rem; margin: 12px 0 0; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: var(--bg); font-size: .9rem; }
        code { font: .85rem ui-monospace, SFMono-Regular, Menlo, monospace; background: #eef1f4; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
        .panel { border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px; background: var(--bg); margin: 12px 0; }
        .panel h2 { margin-top: 4px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 16px; }
        form.row { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; margin-top: 12px; }
        form.row label { flex-basis: 100%; margin: 0; }
        input.short { max-width: 320px; }
        form.stack { display: grid; gap: 12px; max-width: 420px; }
        label { font-weight: 600; display: block; margin-bottom: 4px; }
        .hint { display: block; font-weight: 400; color: var(--muted); font-size: .875rem; }
        input[type=text], input[type=password], input[type=search], input[type=file], select {
            font: inherit; width: 100%; padding: 8px 10px; border: 2px solid #6b7785; border-radius: 4px; background: #fff; color: var(--ink); }
        button, .button { font: inherit; font-weight: 600; display: inline-block; padding: 8px 18px; border-radius: 4px; border: 2px solid var(--accent);
                          background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; }
        button:hover, .button:hover { background: var(--accent-dark); border-color: var(--accent-dark); color: #fff; }
        button:disabled { opacity: .6; cursor: progress; }
        button.secondary, .button.secondary { background: #fff; color: var(--accent); }
        button.link { background: none; border: 0; padding: 0; color: var(--accent); font-weight: 400; text-decoration: underline; }
        .inline { display: inline; }
        .alert { border-left: 6px solid var(--urgent); background: #fdecea; padding: 10px 16px; margin: 12px 0; border-radius: 4px; }
        .alert.ok { border-left-color: var(--ok); background: #e9f5ec; }
        .alert.warn { border-left-color: var(--warn); background: #fff4e5; }
        .alert h2, .alert h3 { margin: 0 0 4px; border: 0; padding: 0; color: inherit; font-size: 1.05rem; }
        .alert ul { margin: 4px 0; padding-left: 20px; }
        .status { display: inline-block; padding: 1px 10px; border-radius: 10px; font-size: .85rem; font-weight: 600; background: #e3e8ee; }
        .status.succeeded { background: #d7efdd; color: #14532a; } .status.failed, .status.cancelled { background: #fbd9d6; color: #7a1a14; }
        .status.running, .status.queued { background: #d6ebf2; color: #074355; }
        progress { width: 100%; max-width: 520px; height: 18px; accent-color: var(--accent); }
        .progress-text { font-variant-numeric: tabular-nums; }
        .rec { border: 1px solid var(--line); border-left: 6px solid var(--accent); border-radius: 6px; padding: 10px 16px; margin: 12px 0; background: #fff; }
        .rec.urgent { border-left-color: var(--urgent); } .rec.adjust { border-left-color: var(--warn); } .rec.info { border-left-color: var(--ok); }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; background: var(--accent); color: #fff; font-size: .8rem; font-weight: 600; }
        .rec.urgent .badge { background: var(--urgent); } .rec.adjust .badge { background: var(--warn); } .rec.info .badge { background: var(--ok); }
        .downloads { display: flex; flex-wrap: wrap; gap: 8px 16px; list-style: none; padding: 0; margin: 8px 0; }
        iframe.plan { width: 100%; min-height: 80vh; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
        footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; padding: 12px 32px; }
        @media (max-width: 700px) { header.bar, main, .notice, footer { padding-left: 16px; padding-right: 16px; } }
        @media print {
            header.bar nav, .skip, form, .no-print, .downloads { display: none !important; }
            body { font-size: 11pt; } main { max-width: none; padding: 0; }
            a { color: inherit; text-decoration: none; }
            iframe.plan { border: 0; min-height: 0; }
            .panel, .rec { break-inside: avoid; }
        }
        """;

    /// <summary>
    /// Progressive enhancement only: without it every form still posts and the job page still refreshes itself.
    /// With it, an upload shows a byte-level progress bar and the embedded plan grows to its content's height.
    /// </summary>
    public const string Script = """
        "use strict";
        document.addEventListener("DOMContentLoaded", function () {
          document.querySelectorAll("form[data-upload-progress]").forEach(function (form) {
            form.addEventListener("submit", function (ev) {
              if (!window.FormData || !window.XMLHttpRequest) return;
              ev.preventDefault();
              var bar = document.getElementById(form.getAttribute("data-upload-progress"));
              var text = document.getElementById(form.getAttribute("data-upload-progress") + "-text");
              var button = form.querySelector("button[type=submit]");
              if (bar) { bar.hidden = false; bar.value = 0; }
              if (button) button.disabled = true;
              var xhr = new XMLHttpRequest();
              xhr.open("POST", form.action);
              xhr.upload.addEventListener("progress", function (e) {
                if (!e.lengthComputable) return;
                var pct = Math.round(100 * e.loaded / e.total);
                if (bar) bar.value = pct;
                if (text) text.textContent = "Uploading: " + pct + "% (" + Math.round(e.loaded / 1024) + " of " + Math.round(e.total / 1024) + " KB)";
              });
              xhr.addEventListener("load", function () {
                if (text) text.textContent = "Uploaded; checking the file…";
                // Success is a redirect (post/redirect/get): go where it went. A rejected file comes back as the
                // page with the error (422): show it as the form post would have.
                if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== form.action) {
                  window.location.assign(xhr.responseURL);
                } else {
                  document.open(); document.write(xhr.responseText); document.close();
                }
              });
              xhr.addEventListener("error", function () {
                if (text) text.textContent = "The upload failed: the connection was lost. Try again.";
                if (button) button.disabled = false;
              });
              xhr.send(new FormData(form));
            });
          });
          document.querySelectorAll("iframe.plan").forEach(function (frame) {
            function fit() {
              try { frame.style.height = (frame.contentWindow.document.documentElement.scrollHeight + 16) + "px"; } catch (e) { }
            }
            frame.addEventListener("load", fit);
            fit();
          });
        });
        """;
}
