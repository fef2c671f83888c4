package api

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"

	"github.com/vios-platform/vios"
)

// The Idempotency-Key header on POST operations
// (draft-ietf-httpapi-idempotency-key-header): the first request's answer
// is kept, and a request with the same key from the same token gets that
// answer again without writing anything. The key is claimed by the store
// in the write's own transaction (vios.IdempotencyClaim), so a write is
// never done twice, also not across a crash.

const idempotencyHeader = "Idempotency-Key"

// inFlightGrace is how long a claim of this process without an answer is
// taken for a request still being answered; after that (or when another
// process claimed it) the answer is taken to be lost in a crash.
const inFlightGrace = 60

// idempotent runs next once per key: a POST with an Idempotency-Key header
// is answered from its earlier answer when there is one.
func (h *Handler) idempotent(w http.ResponseWriter, r *http.Request, rawToken, tokenID string, next http.HandlerFunc) {
	keys := r.Header.Values(idempotencyHeader)
	if r.Method != http.MethodPost || len(keys) == 0 || h.Idempotency == nil {
		next(w, r)
		return
	}
	if len(keys) > 1 || !vios.ValidIdempotencyKey(keys[0]) {
		writeProblem(w, Problem{Status: http.StatusBadRequest, Instance: r.URL.Path,
			Detail:        "De Idempotency-Key is ongeldig; er is niets opgeslagen.",
			InvalidParams: []InvalidParam{{Name: idempotencyHeader, Reason: "Stuur één sleutel van 1 tot 255 leesbare ASCII-tekens."}}})
		return
	}
	secret := idempotencySecret(rawToken, keys[0])
	fingerprint, cleanup, err := fingerprintRequest(r, secret)
	defer cleanup()
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	claim := &vios.IdempotencyClaim{ID: IdempotencyClaimID(rawToken, keys[0]), TokenID: tokenID, Fingerprint: fingerprint}
	if h.replayed(w, r, claim, secret) {
		return
	}
	rec := &recorder{header: http.Header{}}
	next(rec, r.WithContext(vios.NewContextWithIdempotencyClaim(r.Context(), claim)))
	if claim.Taken && h.replayed(w, r, claim, secret) {
		return // a concurrent request with the same key wrote first
	}
	if claim.Claimed {
		h.keepAnswer(r, claim.ID, secret, rec)
	}
	rec.writeTo(w)
}

// replayed answers from the claim's stored answer when the key is known,
// and reports whether it answered.
func (h *Handler) replayed(w http.ResponseWriter, r *http.Request, claim *vios.IdempotencyClaim, secret []byte) bool {
	found, err := h.Idempotency.FindIdempotent(r.Context(), claim.ID)
	if vios.ErrorCode(err) == vios.ENOTFOUND {
		return false
	} else if err != nil {
		h.writeError(w, r, err)
		return true
	}
	switch {
	case !hmac.Equal([]byte(found.Fingerprint), []byte(claim.Fingerprint)):
		writeProblem(w, Problem{Status: http.StatusUnprocessableEntity, Title: "Idempotency-Key al gebruikt", Instance: r.URL.Path,
			Detail: "Deze Idempotency-Key is al gebruikt voor een ander verzoek; er is niets opgeslagen. Gebruik een nieuwe sleutel."})
	case found.Sealed != "":
		a, err := openAnswer(secret, claim.ID, found.Sealed)
		if err != nil {
			h.writeError(w, r, err)
			return true
		}
		w.Header().Set(replayHeader, "bewaard")
		a.writeTo(w)
	case found.Mine && h.Now().Sub(found.ClaimedAt).Seconds() < inFlightGrace:
		w.Header().Set("Retry-After", "1")
		writeProblem(w, Problem{Status: http.StatusConflict, Instance: r.URL.Path,
			Detail: "Een verzoek met deze Idempotency-Key wordt nog verwerkt. Probeer het over een seconde opnieuw."})
	case h.answerFromClaim(w, r, found.ObjectIDs):
		// The write committed, but the process stopped before it kept the
		// answer: answered from what the claim recorded beside the write.
	default:
		// Nor can the claim tell what the first answer was: say that it
		// was done, not what it made.
		writeProblem(w, Problem{Status: http.StatusConflict, Title: "Al uitgevoerd", Instance: r.URL.Path,
			Detail: "Dit verzoek is al uitgevoerd, maar het antwoord ging bij een storing verloren. " +
				"Zoek het resultaat op; stuur het verzoek niet met een nieuwe sleutel opnieuw."})
	}
	return true
}

// keepAnswer seals and stores the answer before it is sent: a client that
// got an answer can always get it again.
func (h *Handler) keepAnswer(r *http.Request, id string, secret []byte, rec *recorder) {
	a := storedAnswer{Status: rec.status(), Location: rec.header.Get("Location"),
		ContentType: rec.header.Get("Content-Type"), Body: rec.body.Bytes()}
	sealed, err := sealAnswer(secret, id, a)
	if err == nil {
		err = h.Idempotency.SaveIdempotentAnswer(r.Context(), id, sealed)
	}
	if err != nil {
		// The write is done; a replay will say so without the answer.
		h.logger.Error("keep idempotent answer", "route", r.Pattern, "err", err)
	}
}

// idempotencySecret is the key of one request's claim and answer, from the
// bearer token (which the platform keeps only as a hash) and the client's
// key: the stored answer opens only for the request that made it.
func idempotencySecret(rawToken, key string) []byte {
	sum := sha256.Sum256([]byte("vios idempotency\x00" + rawToken + "\x00" + key))
	return sum[:]
}

// IdempotencyClaimID is the id under which the claim of the key sent with
// rawToken is kept: the crash harness (loadtest/crash) finds each of its
// acknowledged writes' claims by it.
func IdempotencyClaimID(rawToken, key string) string {
	return macHex(idempotencySecret(rawToken, key), "id")
}

func macHex(secret []byte, parts ...string) string {
	m := hmac.New(sha256.New, secret)
	for _, p := range parts {
		m.Write([]byte(p)) // #nosec G104 -- a hash.Hash never returns an error
		m.Write([]byte{0}) // #nosec G104 -- idem
	}
	return hex.EncodeToString(m.Sum(nil))
}

// fingerprintRequest hashes the method, path and body, and puts the body
// back for the handler: in memory up to maxBody, in a temporary file beyond
// (an attachment). cleanup removes that file.
func fingerprintRequest(r *http.Request, secret []byte) (string, func(), error) {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(r.Method + "\x00" + r.URL.Path + "\x00")) // #nosec G104 -- a hash.Hash never returns an error
	head, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return "", func() {}, err
	}
	m.Write(head) // #nosec G104 -- idem
	if len(head) <= maxBody {
		r.Body = io.NopCloser(bytes.NewReader(head))
		return hex.EncodeToString(m.Sum(nil)), func() {}, nil
	}
	f, err := os.CreateTemp("", "vios-idempotent-*")
	if err != nil {
		return "", func() {}, err
	}
	cleanup := func() { f.Close(); os.Remove(f.Name()) } // #nosec G104 -- a spool file
	if _, err := io.Copy(io.MultiWriter(f, m), r.Body); err != nil {
		return "", cleanup, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", cleanup, err
	}
	r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(head), f))
	return hex.EncodeToString(m.Sum(nil)), cleanup, nil
}

// recorder holds the handler's answer until it is kept.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(code int) {
	if rec.code == 0 {
		rec.code = code
	}
}

func (rec *recorder) Write(b []byte) (int, error) {
	rec.WriteHeader(http.StatusOK)
	return rec.body.Write(b)
}

func (rec *recorder) status() int {
	if rec.code == 0 {
		return http.StatusOK
	}
	return rec.code
}

func (rec *recorder) writeTo(w http.ResponseWriter) {
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status())
	w.Write(rec.body.Bytes()) // #nosec G104 -- the status is sent; an error can only mean the client went away
}
