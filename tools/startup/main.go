// Command startup measures how long `zohoaep serve` takes from exec to its
// first 200 from /_emulator/health, over several runs, and the server's
// peak RSS at that moment (Linux); with -idle, also its RSS after that
// long at rest; with -image, the same for `docker run` of the container
// image (the port published on loopback). It is a measuring tool for
// docs/performance.md, not part of zohoaep:
//
//	CGO_ENABLED=0 go build -o /tmp/zohoaep ./cmd/zohoaep
//	go run ./tools/startup -bin /tmp/zohoaep -runs 20
//	go run ./tools/startup -bin /tmp/zohoaep -runs 10 -idle 5s
//	go run ./tools/startup -image zohoaep:dev -runs 10 -idle 5s
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
	idle := flag.Duration("idle", 0, "also read the RSS after this long at rest (0: don't)")
	image := flag.String("image", "", "time `docker run` of this image instead of the binary")
	bare := flag.Bool("bare", false, "alternate with a bare net/http server that answers the health check (as a binary, or in a scratch image with -image)")
	flag.Parse()
	if err := run(*bin, *image, *addr, *runs, *idle, *bare); err != nil {
		fmt.Fprintln(os.Stderr, "startup:", err)
		os.Exit(1)
	}
}

func run(bin, image, addr string, runs int, idle time.Duration, bare bool) error {
	sides := []*side{{what: "zohoaep serve", start: startBinary(bin, "serve", "--addr", addr)}}
	if image != "" {
		sides[0] = &side{what: "docker run " + image, start: startContainer(image, addr)}
	}
	if bare {
		dir, err := os.MkdirTemp("", "startup-bare-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		b, err := buildBare(dir, image != "")
		if err != nil {
			return err
		}
		s := &side{what: "bare net/http server", start: startBinary(b, addr)}
		if image != "" {
			s = &side{what: "docker run " + b + " (bare net/http server, FROM scratch)", start: startContainer(b, addr)}
		}
		sides = append(sides, s)
	}
	for range runs {
		for _, s := range sides {
			if err := s.once(addr, idle); err != nil {
				return err
			}
		}
	}
	for _, s := range sides {
		s.print(idle)
	}
	if bare {
		z, b := sides[0].median(), sides[1].median()
		fmt.Printf("median to first 200: %s for zohoaep, %s for the bare server (%.2fx; zohoaep's own share %s)\n",
			z, b, float64(z)/float64(b), (z - b).Round(100*time.Microsecond))
	}
	return nil
}

// side is one kind of server being started, and what its starts saw.
type side struct {
	what         string
	start        func() (started, error)
	times        []time.Duration
	rss, idleRSS []int
}

// started is a server being measured: its pid (as this machine sees it)
// and how to stop it.
type started struct {
	pid  func() int
	stop func()
}

// startBinary execs bin with args.
func startBinary(bin string, args ...string) func() (started, error) {
	return func() (started, error) {
		cmd := exec.Command(bin, args...)
		if err := cmd.Start(); err != nil {
			return started{}, err
		}
		return started{
			pid:  func() int { return cmd.Process.Pid },
			stop: func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() },
		}, nil
	}
}

// startContainer runs the image detached, its port published on addr.
func startContainer(image, addr string) func() (started, error) {
	return func() (started, error) {
		out, err := exec.Command("docker", "run", "--detach", "--rm", "--publish", addr+":9595", image).Output()
		if err != nil {
			return started{}, fmt.Errorf("docker run: %w", err)
		}
		id := strings.TrimSpace(string(out))
		return started{
			pid: func() int {
				out, _ := exec.Command("docker", "inspect", "--format", "{{.State.Pid}}", id).Output()
				pid, _ := strconv.Atoi(strings.TrimSpace(string(out)))
				return pid
			},
			stop: func() { _ = exec.Command("docker", "rm", "--force", id).Run() },
		}, nil
	}
}

var client = &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}

// once starts the server, times its first 200, reads its memory, stops it.
func (s *side) once(addr string, idle time.Duration) error {
	t0 := time.Now()
	st, err := s.start()
	if err != nil {
		return err
	}
	defer st.stop()
	d, err := firstAnswer(client, "http://"+addr+"/_emulator/health", t0)
	if err != nil {
		return fmt.Errorf("%s: %w", s.what, err)
	}
	s.times = append(s.times, d)
	pid := st.pid()
	if kb, ok := procField(pid, "VmHWM:"); ok {
		s.rss = append(s.rss, kb)
	}
	if idle > 0 {
		time.Sleep(idle)
		if kb, ok := procField(pid, "VmRSS:"); ok {
			s.idleRSS = append(s.idleRSS, kb)
		}
	}
	return nil
}

func (s *side) median() time.Duration {
	t := slices.Sorted(slices.Values(s.times))
	return t[len(t)/2]
}

func (s *side) print(idle time.Duration) {
	times := slices.Sorted(slices.Values(s.times))
	q := func(p float64) time.Duration {
		return times[int(p*float64(len(times)-1)+0.5)].Round(100 * time.Microsecond)
	}
	fmt.Printf("%s: exec to first 200 from /_emulator/health, %d runs: min %s  median %s  p95 %s  max %s\n",
		s.what, len(times), q(0), q(0.5), q(0.95), q(1))
	mib := func(kb int) float64 { return float64(kb) / 1024 }
	if len(s.rss) > 0 {
		rss := slices.Sorted(slices.Values(s.rss))
		fmt.Printf("  peak RSS (VmHWM) at the first answer: median %.1f MiB, max %.1f MiB\n", mib(rss[len(rss)/2]), mib(rss[len(rss)-1]))
	}
	if len(s.idleRSS) > 0 {
		r := slices.Sorted(slices.Values(s.idleRSS))
		fmt.Printf("  RSS (VmRSS) after %s at rest: min %.1f MiB, median %.1f MiB, max %.1f MiB\n", idle, mib(r[0]), mib(r[len(r)/2]), mib(r[len(r)-1]))
	}
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

// procField reads a kB field of /proc/<pid>/status, e.g. "VmHWM:".
func procField(pid int, field string) (kb int, ok bool) {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, found := strings.CutPrefix(sc.Text(), field); found {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb, err == nil
		}
	}
	return 0, false
}
