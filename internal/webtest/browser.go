// Package webtest drives damlam's pages in a real headless Chromium
// (through the DevTools protocol, with chromedp) and checks what it sees:
// accessibility with the vendored axe-core, and HTML well-formedness with a
// small validator. It also builds the fixture the page tests run against: a
// real SQLite database, a real log, a fixed clock and the alley-road cast.
package webtest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium with one tab.
type Browser struct {
	t   testing.TB
	ctx context.Context
	// Shots is where screenshots go.
	Shots string
	// Downloads is where files the pages send as downloads land.
	Downloads string
}

// chromiumPath finds the browser: DAMLAM_CHROMIUM, then Debian's chromium.
func chromiumPath() string {
	if p := os.Getenv("DAMLAM_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Start launches Chromium for the test and closes it when the test ends.
// Without Chromium the test is skipped, except in CI (CI=true), where a
// browser test that silently does not run would be a lie.
func Start(t testing.TB) *Browser {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		msg := "Chromium not found (apt-get install chromium, or bash .ci/install-deps.sh; or set DAMLAM_CHROMIUM)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	profile := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		// Vietnamese, as the users' browsers: dates show as dd/mm/yyyy.
		chromedp.Flag("lang", "vi-VN"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	b := &Browser{t: t, ctx: ctx, Shots: screenshotDir(t), Downloads: t.TempDir()}
	// The first run opens the tab and ties its life to ctx: it must not
	// carry a timeout, or the tab would close with it.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	yes := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: b.Downloads, EventsEnabled: &yes}); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return b
}

// screenshotDir is DAMLAM_SCREENSHOTS, or a temporary folder; the test
// prints it so the pictures can be found.
func screenshotDir(t testing.TB) string {
	dir := os.Getenv("DAMLAM_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(dir)
	t.Logf("screenshots: %s", abs)
	return abs
}

// Do runs chromedp actions with a deadline, failing the test on error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v (at %s)", err, b.URL())
	}
}

// eval evaluates a JavaScript expression and decodes its value.
func eval[T any](b *Browser, expr string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		b.t.Fatalf("browser: evaluate: %v (at %s)", err, b.URL())
	}
	return v
}

// URL is the tab's current address.
func (b *Browser) URL() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	u, _ := chromedp.Run(ctx, chromedp.Location())
	return u
}

// Go opens url and waits for the page's main landmark.
func (b *Browser) Go(url string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main")))
}

// Text is the text of the first element matching sel, hidden parts
// (a closed details element) included.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	return eval[string](b, `(document.querySelector(`+jsString(sel)+`) || {textContent: ""}).textContent`)
}

// Texts are the texts of every element matching sel.
func (b *Browser) Texts(sel string) []string {
	b.t.Helper()
	return eval[[]string](b, `Array.from(document.querySelectorAll(`+jsString(sel)+`), e => e.textContent)`)
}

// Exists reports whether sel matches anything on the page now.
func (b *Browser) Exists(sel string) bool {
	b.t.Helper()
	return eval[int](b, `document.querySelectorAll(`+jsString(sel)+`).length`) > 0
}

// Fill types text into the field matching sel, replacing what was there.
func (b *Browser) Fill(sel, text string) {
	b.t.Helper()
	if !eval[bool](b, `(() => { const e = document.querySelector(`+jsString(sel)+`); if (!e) return false; e.value = `+jsString(text)+`; e.dispatchEvent(new Event("input", {bubbles: true})); return true })()`) {
		b.t.Fatalf("browser: no field %s (at %s)", sel, b.URL())
	}
}

// Click clicks the element matching sel (a summary that opens a form, a
// checkbox); use Submit for clicks that load a page.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	b.Do(chromedp.ScrollIntoView(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// Submit clicks a button or link and waits for the page that answers.
func (b *Browser) Submit(sel string) {
	b.t.Helper()
	eval[bool](b, `window.__old = true`)
	b.Click(sel)
	// The new document has no __old marker. Evaluations fail while the
	// navigation is under way; keep asking until the new page is complete.
	deadline := time.Now().Add(20 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__old === undefined && document.readyState === "complete" && !!document.querySelector("main")`))
		cancel()
		if err == nil && done {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("browser: no new page after clicking %s (at %s): %v", sel, b.URL(), err)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// Check ticks or unticks a checkbox or radio button.
func (b *Browser) Check(sel string, on bool) {
	b.t.Helper()
	if eval[bool](b, `document.querySelector(`+jsString(sel)+`).checked`) != on {
		b.Click(sel)
	}
}

// Select picks the option with value in the select matching sel.
func (b *Browser) Select(sel, value string) {
	b.t.Helper()
	b.Fill(sel, value)
}

// Pick types query into the search box app.js puts above the picker sel
// and presses Enter, which takes the first option that matches.
func (b *Browser) Pick(sel, query string) {
	b.t.Helper()
	b.Fill(sel+"-search", query)
	if !eval[bool](b, `(() => { const e = document.querySelector(`+jsString(sel+"-search")+`); return e.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true, cancelable: true})) === false })()`) {
		b.t.Fatalf("browser: the picker %s took nothing for %q (at %s)", sel, query, b.URL())
	}
}

// Chosen lists the values chosen in the select matching sel.
func (b *Browser) Chosen(sel string) []string {
	b.t.Helper()
	return eval[[]string](b, `Array.from(document.querySelector(`+jsString(sel)+`).selectedOptions).map(o => o.value)`)
}

// Upload sets the files of a file input.
func (b *Browser) Upload(sel string, files ...string) {
	b.t.Helper()
	b.Do(chromedp.SetUploadFiles(chromedp.CSS(sel), files))
}

// HTML is the document as the browser holds it now.
func (b *Browser) HTML() string {
	b.t.Helper()
	return eval[string](b, `"<!doctype html>" + document.documentElement.outerHTML`)
}

// Screenshot saves the whole page as name.png.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.Shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return path
}

// ScreenshotFirst saves what the screen shows before any scrolling (the
// viewport at the top of the page) as name.png.
func (b *Browser) ScreenshotFirst(name string) string {
	b.t.Helper()
	eval[bool](b, `(() => { window.scrollTo(0, 0); return true })()`)
	return b.shoot(name, chromedp.CaptureScreenshot())
}

// ScreenshotOf saves the element matching sel as name.png.
func (b *Browser) ScreenshotOf(sel, name string) string {
	b.t.Helper()
	b.Do(chromedp.ScrollIntoView(chromedp.CSS(sel)))
	return b.shoot(name, chromedp.Screenshot(chromedp.CSS(sel), chromedp.NodeVisible))
}

func (b *Browser) shoot(name string, take chromedp.Action[[]byte]) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, take)
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.Shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	return path
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// Viewport lays the page out for a screen of w × h CSS pixels (a phone:
// 390 × 844).
func (b *Browser) Viewport(w, h int64) {
	b.t.Helper()
	b.Do(chromedp.EmulateViewport(w, h))
}

// Key presses keys on the focused element (kb.Tab, kb.Enter…).
func (b *Browser) Key(keys string) {
	b.t.Helper()
	b.Do(chromedp.KeyEvent(keys))
}

// Focused describes the element with keyboard focus: tag, class and text.
func (b *Browser) Focused() string {
	b.t.Helper()
	return eval[string](b, `(e => e ? e.tagName.toLowerCase() + "." + e.className + " " + (e.textContent || "").trim().slice(0, 60) : "")(document.activeElement)`)
}

// SetCookie gives the browser a cookie for the site at url, as if the
// site had set it (used to switch people without typing passwords).
func (b *Browser) SetCookie(url, name, value string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	yes := true
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: name, Value: value, URL: url, Path: "/",
		HTTPOnly: &yes, SameSite: network.CookieSameSiteLax}); err != nil {
		b.t.Fatalf("set cookie: %v", err)
	}
}

// Media lays the page out for a CSS media type ("print"), or for the
// screen again with "".
func (b *Browser) Media(media string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		b.t.Fatalf("media %q: %v", media, err)
	}
}

// Eval evaluates a JavaScript expression that yields a string.
func (b *Browser) Eval(expr string) string {
	b.t.Helper()
	return eval[string](b, expr)
}
