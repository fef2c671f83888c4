package jobs

import (
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// An SMTP server in the test process, to see what the mailer delivers.

// smtpServer is an in-process SMTP server on 127.0.0.1 that keeps what it
// receives. It can require a login and reject recipients.
type smtpServer struct {
	addr       string
	user, pass string // a login is required when user is set

	mu     sync.Mutex
	reject func(rcpt string) error // nil: accept everyone
	got    []received
}

type received struct {
	from string
	to   []string
	data []byte
}

func startSMTP(t *testing.T, user, pass string) *smtpServer {
	t.Helper()
	return startSMTPAt(t, user, pass, "127.0.0.1:0")
}

// startSMTPAt starts the server on addr: a server that comes back where
// the mailer was told it is.
func startSMTPAt(t *testing.T, user, pass, addr string) *smtpServer {
	t.Helper()
	s := &smtpServer{user: user, pass: pass}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true // loopback only
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *smtpServer) url() string { return "smtp://" + s.addr }

func (s *smtpServer) setReject(f func(string) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = f
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func (s *smtpServer) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &smtpSession{srv: s}, nil
}

type smtpSession struct {
	srv    *smtpServer
	authed bool
	msg    received
}

func (ss *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != ss.srv.user || pass != ss.srv.pass {
			return errors.New("invalid credentials")
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.user != "" && !ss.authed {
		return smtp.ErrAuthRequired
	}
	ss.msg = received{from: from}
	return nil
}

func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.srv.mu.Lock()
	reject := ss.srv.reject
	ss.srv.mu.Unlock()
	if reject != nil {
		if err := reject(to); err != nil {
			return err
		}
	}
	ss.msg.to = append(ss.msg.to, to)
	return nil
}

func (ss *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.msg.data = data
	ss.srv.mu.Lock()
	ss.srv.got = append(ss.srv.got, ss.msg)
	ss.srv.mu.Unlock()
	return nil
}

func (ss *smtpSession) Reset() { ss.msg = received{} }

func (ss *smtpSession) Logout() error { return nil }

// greylist answers 451 on RCPT, as a server does that is busy or greylists.
func greylist(string) error {
	return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted, try again later"}
}
