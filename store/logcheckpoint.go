package store

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vios-platform/vios"
	"github.com/vios-platform/vios/keys"
)

// A checkpoint is the position and last MAC of each log chain at one
// moment, signed with an Ed25519 key derived from the log key (so only the
// key file can make one, and its public half can check one). The privacy
// officer keeps it outside the database and the server; `vios audit verify
// --checkpoint FILE` then proves the chains still hold those entries
// unchanged at those positions. That catches what no check inside the
// database can: the chains cut short, or rolled back to an older copy of
// the database with heads that fit.

// CheckpointHead is one chain's head in a checkpoint.
type CheckpointHead struct {
	Log  string // "audit" or "processing"
	Seq  int64
	Hash string // the MAC of the entry at Seq; "" for an empty chain
}

// Checkpoint is a signed record of the chain heads.
type Checkpoint struct {
	At         time.Time
	KeyVersion int // version of the log key that signed it
	Heads      []CheckpointHead
	PublicKey  ed25519.PublicKey
	Signature  []byte
}

const checkpointMagic = "vios-logboek-controlepunt 1"

// signed is the text the signature covers: every field but the signature,
// one per line, in a fixed order.
func (cp *Checkpoint) signed() []byte {
	var b strings.Builder
	b.WriteString(checkpointMagic + "\n")
	fmt.Fprintf(&b, "tijd %s\n", cp.At.UTC().Format(time.RFC3339Nano))
	fmt.Fprintf(&b, "sleutelversie %d\n", cp.KeyVersion)
	for _, h := range cp.Heads {
		hash := h.Hash
		if hash == "" {
			hash = "-"
		}
		fmt.Fprintf(&b, "keten %s %d %s\n", h.Log, h.Seq, hash)
	}
	fmt.Fprintf(&b, "publieke-sleutel %s\n", base64.RawURLEncoding.EncodeToString(cp.PublicKey))
	return []byte(b.String())
}

// Marshal returns the checkpoint as the text file the officer keeps.
func (cp *Checkpoint) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# Controlepunt van het auditlog en het verwerkingslog van het VIOS-platform.\n")
	b.WriteString("# Bewaar dit bestand buiten de database en de server. 'vios audit verify --checkpoint BESTAND'\n")
	b.WriteString("# toont dan of het logboek nog tot hier reikt en tot hier ongewijzigd is.\n")
	b.Write(cp.signed())
	fmt.Fprintf(&b, "handtekening %s\n", base64.RawURLEncoding.EncodeToString(cp.Signature))
	return b.Bytes()
}

// ParseCheckpoint reads a checkpoint file as Marshal writes it. It checks
// the form only; VerifyLogs checks the signature.
func ParseCheckpoint(data []byte) (*Checkpoint, error) {
	cp := &Checkpoint{}
	bad := func(line int, what string) error {
		return fmt.Errorf("controlepunt regel %d: %s", line, what)
	}
	scanner := bufio.NewScanner(bytes.NewReader(data))
	n, seen := 0, map[string]bool{}
	magic := false
	for scanner.Scan() {
		n++
		text := strings.TrimSpace(scanner.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if !magic {
			if text != checkpointMagic {
				return nil, bad(n, "dit is geen controlepunt van het VIOS-logboek")
			}
			magic = true
			continue
		}
		fields := strings.Fields(text)
		name := fields[0]
		if name != "keten" && seen[name] {
			return nil, bad(n, name+" staat er twee keer in")
		}
		seen[name] = true
		var err error
		switch {
		case name == "tijd" && len(fields) == 2:
			cp.At, err = time.Parse(time.RFC3339Nano, fields[1])
		case name == "sleutelversie" && len(fields) == 2:
			cp.KeyVersion, err = strconv.Atoi(fields[1])
		case name == "keten" && len(fields) == 4 && (fields[1] == chainAudit || fields[1] == chainProcessing) && !seen["keten "+fields[1]]:
			seen["keten "+fields[1]] = true
			h := CheckpointHead{Log: fields[1], Hash: fields[3]}
			if h.Hash == "-" {
				h.Hash = ""
			}
			h.Seq, err = strconv.ParseInt(fields[2], 10, 64)
			if err == nil && h.Seq < 0 {
				err = errors.New("negatief")
			}
			cp.Heads = append(cp.Heads, h)
		case name == "publieke-sleutel" && len(fields) == 2:
			cp.PublicKey, err = base64.RawURLEncoding.DecodeString(fields[1])
		case name == "handtekening" && len(fields) == 2:
			cp.Signature, err = base64.RawURLEncoding.DecodeString(fields[1])
		default:
			return nil, bad(n, "onbekende of onvolledige regel")
		}
		if err != nil {
			return nil, bad(n, "ongeldige waarde")
		}
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	if !magic || cp.At.IsZero() || cp.KeyVersion < 1 || len(cp.Heads) == 0 || len(cp.PublicKey) != ed25519.PublicKeySize || len(cp.Signature) != ed25519.SignatureSize {
		return nil, errors.New("het controlepunt is onvolledig")
	}
	return cp, nil
}

// verifySignature checks that the checkpoint was signed with the log key
// of the key file, under the version it names.
func (cp *Checkpoint) verifySignature(ring *keys.Keyring) error {
	signer, err := ring.LogSigner(cp.KeyVersion)
	if err != nil {
		return fmt.Errorf("het controlepunt is ondertekend met logboeksleutel versie %d, die niet in het sleutelbestand staat", cp.KeyVersion)
	}
	if !bytes.Equal(cp.PublicKey, signer.Public().(ed25519.PublicKey)) || !ed25519.Verify(cp.PublicKey, cp.signed(), cp.Signature) {
		return errors.New("de handtekening van het controlepunt klopt niet: het is gewijzigd, of niet met de logboeksleutel van dit platform gemaakt")
	}
	return nil
}

// ErrLogsDamaged is returned by MakeCheckpoint when the chains do not
// verify: a checkpoint never vouches for a damaged log.
var ErrLogsDamaged = errors.New("het logboek is aangetast")

// MakeCheckpoint reads the head of each chain, verifies both chains up to
// them, and returns the heads signed with the newest log key. When the
// chains do not verify it returns their problems and ErrLogsDamaged.
func (db *Logs) MakeCheckpoint(ctx context.Context) (*Checkpoint, []vios.ChainProblem, error) {
	ring := db.Keys.Keyring()
	version := ring.LogVersion()
	if version == 0 {
		return nil, nil, errors.New("er is geen logboeksleutel geladen: zonder die sleutel is een controlepunt niet te ondertekenen")
	}
	signer, err := ring.LogSigner(version)
	if err != nil {
		return nil, nil, err
	}
	cp := &Checkpoint{At: db.Now().UTC().Truncate(time.Second), KeyVersion: version, PublicKey: signer.Public().(ed25519.PublicKey)}
	// One statement, so both heads are of one moment.
	rows, err := db.query(ctx, `SELECT name, seq, hash FROM log_heads ORDER BY name`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var h CheckpointHead
		if err := rows.Scan(&h.Log, &h.Seq, &h.Hash); err != nil {
			rows.Close()
			return nil, nil, err
		}
		cp.Heads = append(cp.Heads, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	cp.Signature = ed25519.Sign(signer, cp.signed())
	// The chains must verify up to these heads, which entries appended
	// since do not change.
	problems, _, err := db.VerifyLogs(ctx, cp)
	if err != nil {
		return nil, nil, err
	}
	if len(problems) > 0 {
		return nil, problems, ErrLogsDamaged
	}
	return cp, nil, nil
}

// LogKeyInUse returns the newest log key version the chain heads were
// made with, 0 when no entry was keyed yet: a key file without it has lost
// the key.
func (db *Logs) LogKeyInUse(ctx context.Context) (int, error) {
	var v int
	err := db.queryRow(ctx, `SELECT COALESCE(MAX(key_version), 0) FROM log_heads`).Scan(&v)
	return v, err
}
