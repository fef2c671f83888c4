package loadtest

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// The server's resources, read from /proc as top does.

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's times (100 on Linux).
const clockTicks = 100

// cpuTicks is the user + system time of the process so far.
func cpuTicks(pid int) (int64, error) {
	if pid == 0 {
		return 0, nil
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// Fields after the command (in parentheses, which may hold spaces).
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("stat: %d fields", len(f))
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return utime + stime, nil
}

// rssMB is the resident memory of the process (VmRSS) in MB.
func rssMB(pid int) float64 { return statusMB(pid, "VmRSS:") }

// anonMB is the process's own resident memory (RssAnon) in MB: RSS without
// the pages of files it maps (SQLite reads its database through a map;
// those pages are the kernel's page cache, shared and reclaimable).
func anonMB(pid int) float64 { return statusMB(pid, "RssAnon:") }

// statusMB reads a memory line of /proc/<pid>/status in MB.
func statusMB(pid int, field string) float64 {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
