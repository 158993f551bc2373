package console_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// browser is a headless Chromium driven over the DevTools protocol, with
// a fresh profile; screenshots go under the test's temp dir.
type browser struct {
	t    *testing.T
	ctx  context.Context
	shot int
	dir  string
}

// chromium finds Debian's chromium (or $ZOHOAEP_CHROMIUM).
func chromium() string {
	if p := os.Getenv("ZOHOAEP_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	path := chromium()
	if path == "" {
		t.Skip("no Chromium found (apt-get install -y chromium, or set ZOHOAEP_CHROMIUM): skipping the browser test")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	// Screenshots stay out of the repo: under the test's temp dir, or where
	// ZOHOAEP_SCREENSHOTS says (for a CI job to keep them as artifacts).
	dir := t.TempDir()
	if d := os.Getenv("ZOHOAEP_SCREENSHOTS"); d != "" {
		dir = d
	}
	b := &browser{t: t, ctx: ctx, dir: dir}
	// Accept confirm() dialogs (the revoke buttons ask) as a user would.
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go func() {
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}()
		}
	}))
	return b
}

// do runs actions, failing the test with a screenshot on error.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.screenshot("failure")
		b.t.Fatalf("browser: %v", err)
	}
}

// text is the text of the first element the CSS selector matches.
func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.screenshot("failure")
		b.t.Fatalf("browser: text of %s: %v", sel, err)
	}
	return s
}

// waitText waits until the element's text contains want.
func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	js := `(function(){const e=document.querySelector(` + jsString(sel) + `);return !!e && e.textContent.includes(` + jsString(want) + `);})()`
	if err := b.until(js); err != nil {
		b.screenshot("failure")
		b.t.Fatalf("browser: %s never showed %q (it shows %q): %v", sel, want, b.textNow(sel), err)
	}
}

// until polls a predicate for up to 15 s, again after a navigation
// (which ends a poll in the page it left).
func (b *browser) until(js string) error {
	deadline := time.Now().Add(15 * time.Second)
	for {
		ctx, cancel := context.WithDeadline(b.ctx, deadline)
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(0)))
		cancel()
		if err == nil || time.Now().After(deadline) || b.ctx.Err() != nil {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// poll waits until a JavaScript predicate holds.
func (b *browser) poll(js string) {
	b.t.Helper()
	if err := b.until(js); err != nil {
		b.screenshot("failure")
		b.t.Fatalf("browser: %s never held: %v", js, err)
	}
}

// attr is an attribute of the first element the selector matches.
func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	res, err := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	require.NoError(b.t, err)
	return res.Value
}

func (b *browser) textNow(sel string) string {
	ctx, cancel := context.WithTimeout(b.ctx, time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	return s
}

// screenshot saves the page as PNG under the test's temp dir.
func (b *browser) screenshot(name string) {
	b.shot++
	buf, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	file := filepath.Join(b.dir, strings.ReplaceAll(b.t.Name(), "/", "_")+"-"+itoa(uint64(b.shot))+"-"+name+".png")
	if err := os.WriteFile(file, buf, 0o600); err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	b.t.Logf("screenshot: %s", file)
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return "'" + r.Replace(s) + "'"
}

var css = func(s string) chromedp.CSS { return chromedp.CSS(s) }
