// Command startup measures how long `zohoaep serve` takes from exec to its
// first 200 from /_emulator/health, over several runs, and the server's
// peak RSS at that moment (Linux). It is a measuring tool for
// docs/performance.md, not part of zohoaep:
//
//	CGO_ENABLED=0 go build -o /tmp/zohoaep ./cmd/zohoaep
//	go run ./tools/startup -bin /tmp/zohoaep -runs 20
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	bin := flag.String("bin", "/tmp/zohoaep", "the zohoaep binary")
	runs := flag.Int("runs", 20, "how many starts to time")
	addr := flag.String("addr", "127.0.0.1:9701", "address to serve on (must be free)")
	flag.Parse()
	if err := measure(*bin, *addr, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

func measure(bin, addr string, runs int) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	var times []time.Duration
	var rss []int
	for range runs {
		cmd := exec.Command(bin, "serve", "--addr", addr)
		start := time.Now()
		if err := cmd.Start(); err != nil {
			return err
		}
		d, err := firstAnswer(client, "http://"+addr+"/_emulator/health", start)
		if err != nil {
			_ = cmd.Process.Kill()
			return err
		}
		times = append(times, d)
		if kb, ok := peakRSS(cmd.Process.Pid); ok {
			rss = append(rss, kb)
		}
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	}
	slices.Sort(times)
	q := func(p float64) time.Duration {
		return times[int(p*float64(len(times)-1)+0.5)].Round(100 * time.Microsecond)
	}
	fmt.Printf("exec to first 200 from /_emulator/health, %d runs: min %s  median %s  p95 %s  max %s\n",
		len(times), q(0), q(0.5), q(0.95), q(1))
	if len(rss) > 0 {
		slices.Sort(rss)
		fmt.Printf("peak RSS (VmHWM) at the first answer: median %.1f MiB, max %.1f MiB\n",
			float64(rss[len(rss)/2])/1024, float64(rss[len(rss)-1])/1024)
	}
	return nil
}

// firstAnswer polls url until it answers 200.
func firstAnswer(client *http.Client, url string, start time.Time) (time.Duration, error) {
	for {
		if resp, err := client.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		if time.Since(start) > 10*time.Second {
			return 0, fmt.Errorf("no 200 from %s within 10s", url)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

func peakRSS(pid int) (kb int, ok bool) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, found := strings.CutPrefix(sc.Text(), "VmHWM:"); found {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb, err == nil
		}
	}
	return 0, false
}
