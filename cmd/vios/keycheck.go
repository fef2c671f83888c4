package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/vios-platform/vios/keys"
	"github.com/vios-platform/vios/store"
)

// Checks of the key file at start: each key opens what the database sealed
// with it, and the log chains have their key.

// checkKeyProbes stops the start when a key is not the one the database
// was sealed with (store.CheckKeyProbes), naming it and what to do.
func checkKeyProbes(ctx context.Context, db *store.DB, ring *keys.Keyring, src keySource) error {
	wrong, err := db.CheckKeyProbes(ctx, ring)
	if err != nil || len(wrong) == 0 {
		return err
	}
	list, err := db.Organisations.ListMunicipalities(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, m := range list {
		names[m.ID] = label(m)
	}
	var parts []string
	for _, w := range wrong {
		name := names[w.MunicipalityID]
		if name == "" {
			name = w.MunicipalityID
		}
		parts = append(parts, fmt.Sprintf("%s versie %d", name, w.Version))
	}
	return fmt.Errorf("verkeerde sleutel voor gemeente %s in %s: deze sleutel opent niet wat de database ermee versleuteld heeft\nZet de juiste sleutelregel terug uit de back-up van het sleutelbestand; met deze sleutel zijn de leerlinggegevens niet te lezen",
		strings.Join(parts, ", "), src)
}

// requireLogKey: the log chains are keyed (store/logbook.go); serve does
// not start without the log key, nor with one older than the log uses.
func requireLogKey(ctx context.Context, db *store.DB, src keySource) error {
	inUse, err := db.Logs.LogKeyInUse(ctx)
	if err != nil {
		return err
	}
	have := db.Keys.Keyring().LogVersion()
	switch {
	case have == 0 && inUse == 0:
		return fmt.Errorf("geen logboeksleutel in het sleutelbestand: zonder die sleutel zijn het auditlog en het verwerkingslog niet tegen wijzigen beveiligd\nDe sleutels komen nu uit %s; voeg daar de regel van 'vios keys generate --logboek' aan toe", src)
	case have < inUse:
		return fmt.Errorf("het logboek is beveiligd met logboeksleutel versie %d, die niet in %s staat: zet het sleutelbestand terug uit de back-up (met een nieuwe sleutel zijn de regels niet te controleren)", inUse, src)
	}
	return nil
}

// addDemoLogKey gives a demo key file without the log key one (a file from
// before the log chains were keyed), unless the chains are keyed already:
// then the key was lost, and a new one would hide that.
func addDemoLogKey(ctx context.Context, db *store.DB, path string) (bool, error) {
	src := keySource{file: path, demo: true}
	missing := func() (bool, error) {
		ring, err := src.load()
		return err == nil && ring.LogVersion() == 0, err
	}
	if m, err := missing(); err != nil || !m {
		return false, err
	}
	if inUse, err := db.Logs.LogKeyInUse(ctx); err != nil || inUse > 0 {
		return false, err
	}
	unlock, err := lockKeyFile(path)
	if err != nil {
		return false, err
	}
	defer unlock()
	if m, err := missing(); err != nil || !m {
		return false, err
	}
	line, err := keys.GenerateLogKey(1)
	if err != nil {
		return false, err
	}
	_, err = appendKeyLines(path, []string{"# logboek (MAC van het auditlog en het verwerkingslog)", line})
	return err == nil, err
}
