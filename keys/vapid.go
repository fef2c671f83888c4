package keys

import (
	"crypto/ecdh"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	webpush "github.com/SherClockHolmes/webpush-go"
)

// VAPIDFileName is the file in the data folder that keeps the platform's
// Web Push key pair (RFC 8292).
const VAPIDFileName = "vapid.json"

// VAPIDKeys is the Web Push key pair, base64url as browsers take the
// public key (applicationServerKey).
type VAPIDKeys struct {
	PublicKey  string `json:"publicKey"`
	PrivateKey string `json:"privateKey"`
}

// LoadOrCreateVAPID reads the key pair from path, or makes one and writes
// it there (mode 0600, never overwriting a file that appeared meanwhile) at
// the first start. The same pair must stay: every device subscribed with its
// public key, and a new pair would silence them all. created says a new
// pair was written.
func LoadOrCreateVAPID(path string) (k VAPIDKeys, created bool, err error) {
	data, err := os.ReadFile(path) // #nosec G304 -- the push key file in the data folder the operator configured
	if errors.Is(err, fs.ErrNotExist) {
		if k.PrivateKey, k.PublicKey, err = webpush.GenerateVAPIDKeys(); err != nil {
			return k, false, err
		}
		data, _ = json.MarshalIndent(k, "", "  ") // #nosec G117 -- this is the key file itself, written 0600 in a 0700 folder
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return k, false, err
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600) // #nosec G304 -- the push key file in the data folder the operator configured
		if errors.Is(err, fs.ErrExist) {
			return LoadOrCreateVAPID(path) // another process was first
		} else if err != nil {
			return k, false, fmt.Errorf("pushsleutels: %w", err)
		}
		_, err = f.Write(append(data, '\n'))
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path) // #nosec G104 -- the write error is the one returned
			return k, false, fmt.Errorf("pushsleutels schrijven: %w", err)
		}
		return k, true, nil
	} else if err != nil {
		return k, false, fmt.Errorf("pushsleutels lezen: %w", err)
	}
	if err := json.Unmarshal(data, &k); err != nil {
		return k, false, fmt.Errorf("pushsleutels in %s: geen geldige JSON", path)
	}
	if err := k.check(); err != nil {
		return k, false, fmt.Errorf("pushsleutels in %s: %w", path, err)
	}
	return k, false, nil
}

// check makes sure the public key belongs to the private key: a mismatch
// would make every push service refuse every notice.
func (k VAPIDKeys) check() error {
	priv, err := base64.RawURLEncoding.DecodeString(k.PrivateKey)
	if err != nil {
		return errors.New("de privésleutel is geen base64url")
	}
	key, err := ecdh.P256().NewPrivateKey(priv)
	if err != nil {
		return errors.New("de privésleutel is geen P-256-sleutel")
	}
	if base64.RawURLEncoding.EncodeToString(key.PublicKey().Bytes()) != k.PublicKey {
		return errors.New("de publieke sleutel hoort niet bij de privésleutel")
	}
	return nil
}
