// Package clamd scans files with ClamAV's daemon over its socket, with the
// INSTREAM command: the file is sent in chunks while it is uploaded, and
// the daemon answers once it has seen the end.
package clamd

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/vios-platform/vios"
)

// Scanner reaches clamd at Address: "unix:/path/to/clamd.ctl" or
// "tcp:host:port" (or "host:port").
type Scanner struct {
	Address string
	// Timeout bounds a whole scan; zero: two minutes.
	Timeout time.Duration
}

func (s *Scanner) dial(ctx context.Context) (net.Conn, error) {
	network, addr := "tcp", strings.TrimPrefix(s.Address, "tcp:")
	if path, ok := strings.CutPrefix(s.Address, "unix:"); ok {
		network, addr = "unix", path
	}
	var d net.Dialer
	d.Timeout = 5 * time.Second
	return d.DialContext(ctx, network, addr)
}

// Scan starts a scan. Writing to it fails when clamd went away; Verdict
// ends the stream and reads clamd's answer.
func (s *Scanner) Scan(ctx context.Context) (vios.VirusScan, error) {
	conn, err := s.dial(ctx)
	if err != nil {
		return nil, fmt.Errorf("clamd: %w", err)
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		conn.Close() // #nosec G104 -- the deadline error is the one returned
		return nil, fmt.Errorf("clamd: %w", err)
	}
	if _, err := conn.Write([]byte("zINSTREAM\x00")); err != nil {
		conn.Close() // #nosec G104 -- the write error is the one returned
		return nil, fmt.Errorf("clamd: %w", err)
	}
	return &scan{conn: conn}, nil
}

// Ping asks clamd whether it is there (PING/PONG).
func (s *Scanner) Ping(ctx context.Context) error {
	conn, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("clamd: %w", err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return fmt.Errorf("clamd: %w", err)
	}
	if _, err := conn.Write([]byte("zPING\x00")); err != nil {
		return fmt.Errorf("clamd: %w", err)
	}
	reply, err := bufio.NewReader(conn).ReadString(0)
	if err != nil || strings.TrimRight(reply, "\x00") != "PONG" {
		return fmt.Errorf("clamd: no PONG (%q, %v)", reply, err)
	}
	return nil
}

type scan struct {
	conn net.Conn
}

// Write sends p as one chunk: its length (4 bytes, big-endian), then p.
func (s *scan) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var size [4]byte
	binary.BigEndian.PutUint32(size[:], uint32(len(p))) // #nosec G115 -- io.Copy writes chunks of 32 KiB; uploads stop at 25 MB
	if _, err := s.conn.Write(size[:]); err != nil {
		return 0, fmt.Errorf("clamd: %w", err)
	}
	n, err := s.conn.Write(p)
	if err != nil {
		return n, fmt.Errorf("clamd: %w", err)
	}
	return n, nil
}

// Verdict sends the end of the stream (a chunk of length 0) and reads the
// answer: "stream: OK", "stream: <name> FOUND" or "... ERROR".
func (s *scan) Verdict() error {
	if _, err := s.conn.Write([]byte{0, 0, 0, 0}); err != nil {
		return vios.Errorf(vios.EUNAVAILABLE, "De virusscanner is niet bereikbaar, dus er kan nu geen bijlage worden toegevoegd. Er is niets opgeslagen.")
	}
	reply, err := bufio.NewReader(s.conn).ReadString(0)
	reply = strings.TrimSpace(strings.TrimRight(reply, "\x00"))
	switch {
	case err != nil && reply == "":
		return vios.Errorf(vios.EUNAVAILABLE, "De virusscanner gaf geen antwoord, dus de bijlage is niet toegevoegd. Probeer het later opnieuw. Er is niets opgeslagen.")
	case strings.HasSuffix(reply, "FOUND"):
		return vios.Errorf(vios.EINVALID, "In dit bestand is een virus gevonden. Het is niet opgeslagen; neem contact op met uw IT-afdeling.")
	case strings.HasSuffix(reply, ": OK"):
		return nil
	default:
		return vios.Errorf(vios.EUNAVAILABLE, "De virusscanner kon het bestand niet controleren, dus de bijlage is niet toegevoegd. Er is niets opgeslagen.")
	}
}

func (s *scan) Close() error { return s.conn.Close() }
