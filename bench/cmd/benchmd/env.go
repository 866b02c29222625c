package main

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// env is what the section says of the machine and the run.
type env struct {
	date, commit, cpu     string
	cpus                  int
	loadBefore, loadAfter string
}

// environment reads the machine, the commit and the load average now.
func environment() *env {
	e := &env{date: time.Now().UTC().Format("2006-01-02 15:04 MST"), cpus: runtime.NumCPU(), loadBefore: loadAverage()}
	if b, err := exec.Command("git", "describe", "--always", "--dirty", "--abbrev=7").Output(); err == nil {
		e.commit = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				e.cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	return e
}

// loadAverage returns the 1, 5 and 15 minute load averages, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}
