package storetest

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"
)

// EnvClamd names the clamd the tests scan with ("unix:/path" or
// "tcp:host:port"); make test starts one (scripts/testenv.sh clamd).
const EnvClamd = "VIOS_TEST_CLAMD"

// EICAR is the anti-virus test file: every scanner reports it, and it
// harms nothing.
const EICAR = `X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*`

// EICARSignature is the one-line signature database (.hdb: MD5, size,
// name) clamd is given: freshclam cannot reach its mirrors here, and the
// tests need no other signature.
const EICARSignature = "44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n"

var clamdOnce struct {
	sync.Once
	addr string
	err  string
}

// Clamd returns the address of a clamd that knows the EICAR file: the one
// of EnvClamd, or else one this test binary starts for itself when the
// clamd program is installed (stopped when the process ends: see
// StopClamd). Without either the test fails in CI (CI=true) and is skipped
// elsewhere, with the reason.
func Clamd(t testing.TB) string {
	t.Helper()
	if addr := os.Getenv(EnvClamd); addr != "" {
		return addr
	}
	clamdOnce.Do(func() { clamdOnce.addr, clamdOnce.err = startClamd() })
	if clamdOnce.addr != "" {
		return clamdOnce.addr
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("this test needs clamd: %s (make test sets %s)", clamdOnce.err, EnvClamd)
	}
	t.Skipf("needs clamd: %s (make test sets %s; apt-get install clamav-daemon)", clamdOnce.err, EnvClamd)
	return ""
}

var clamdProcess *exec.Cmd

// startClamd starts clamd on a socket in a temporary folder with only the
// EICAR signature: it starts in a fraction of a second and takes ~16 MB.
func startClamd() (string, string) {
	bin, err := exec.LookPath("clamd")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/clamd"); serr != nil {
			return "", "clamd is not installed"
		}
		bin = "/usr/sbin/clamd"
	}
	dir, err := os.MkdirTemp("", "vios-clamd-")
	if err != nil {
		return "", err.Error()
	}
	if err := WriteClamdConfig(dir); err != nil {
		return "", err.Error()
	}
	cmd := exec.Command(bin, "-c", filepath.Join(dir, "clamd.conf"))
	// It ends with the test binary, even when that is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return "", err.Error()
	}
	clamdProcess = cmd
	sock := filepath.Join(dir, "clamd.sock")
	for range 400 {
		if _, err := os.Stat(sock); err == nil {
			return "unix:" + sock, ""
		}
		time.Sleep(25 * time.Millisecond)
	}
	cmd.Process.Kill()
	return "", "clamd did not open its socket within 10 s"
}

// StopClamd stops the clamd Clamd started, if any; TestMain calls it.
func StopClamd() {
	if clamdProcess != nil {
		clamdProcess.Process.Kill()
		clamdProcess.Wait()
	}
}

// WriteClamdConfig writes into dir a clamd.conf (socket dir/clamd.sock,
// in the foreground, uploads up to 25 MB) and the EICAR signature in
// dir/db.
func WriteClamdConfig(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "db"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "db", "eicar.hdb"), []byte(EICARSignature), 0o644); err != nil {
		return err
	}
	conf := "LocalSocket " + filepath.Join(dir, "clamd.sock") + "\nForeground yes\nDatabaseDirectory " + filepath.Join(dir, "db") +
		"\nLogFile " + filepath.Join(dir, "clamd.log") + "\nStreamMaxLength 25M\nMaxFileSize 25M\nMaxScanSize 25M\n"
	return os.WriteFile(filepath.Join(dir, "clamd.conf"), []byte(conf), 0o644)
}
