package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// BulkCasework describes casework to load in bulk for benchmarks and load
// tests: Count signals about one pupil each, every one made a case, in one
// network, reported by one member.
type BulkCasework struct {
	MunicipalityID string
	NetworkID      string
	ReporterUserID string
	ReporterOrgID  string
	SchoolID       string
	Count          int
	// Start is the day of the newest signal; each next one a day earlier
	// for every 100.
	Start time.Time
}

// LoadBulkCasework inserts the casework of spec with multi-row statements,
// sealed as the store seals, but without audit or processing records: it is
// for benchmarks and load tests, never for real data.
func (db *Casework) LoadBulkCasework(ctx context.Context, spec BulkCasework) error {
	const batch = 250
	version := db.activeKey(spec.MunicipalityID)
	for done := 0; done < spec.Count; done += batch {
		n := min(batch, spec.Count-done)
		err := db.inTenant(ctx, spec.MunicipalityID, func(tx *Tx) error {
			var pupils, signals, links, cases, casePupils []string
			var pa, sa, la, ca, cpa []any
			var ids []string
			for i := done; i < done+n; i++ {
				pupil, signal, kase := uuid.NewString(), uuid.NewString(), uuid.NewString()
				ids = append(ids, signal)
				name := fmt.Sprintf("Leerling %06d Test", i)
				birth := spec.Start.AddDate(-13, 0, -(i % 700)).Format(time.DateOnly)
				index, err := db.blindIndex(spec.MunicipalityID, name, birth)
				if err != nil {
					return err
				}
				sealed := []string{}
				for _, f := range [][2]string{{"name_sealed", name}, {"birth_sealed", birth}, {"class_sealed", "2B"}, {"initials_sealed", vios.InitialsOf(name)}} {
					v, err := db.seal(spec.MunicipalityID, "pupils", pupil, f[0], f[1])
					if err != nil {
						return err
					}
					sealed = append(sealed, v)
				}
				pupils = append(pupils, "("+placeholders(13)+")")
				pa = append(pa, pupil, spec.MunicipalityID, spec.SchoolID, fmt.Sprintf("L-B%06d", i), sealed[0], sealed[1], sealed[2], sealed[3],
					index, version, spec.ReporterOrgID, tx.now, tx.now)
				description, err := db.seal(spec.MunicipalityID, "signals", signal, "description_sealed", "Zorg over "+name+": verzuim en ruzies.")
				if err != nil {
					return err
				}
				day := vios.Date(spec.Start).AddDate(0, 0, -i/100)
				signals = append(signals, "("+placeholders(15)+")")
				sa = append(sa, signal, spec.MunicipalityID, spec.NetworkID, fmt.Sprintf("S-B-%06d", i), day, spec.ReporterUserID,
					spec.ReporterOrgID, "verzuim", vios.LevelPupil, vios.UrgencyNormal, description, version, vios.SignalCase, tx.now, tx.now)
				links = append(links, "(?, ?, ?)")
				la = append(la, signal, pupil, spec.MunicipalityID)
				plan, err := db.seal(spec.MunicipalityID, "cases", kase, "plan_sealed", "Gesprek met ouders; leerplicht volgt verzuim.")
				if err != nil {
					return err
				}
				cases = append(cases, "("+placeholders(13)+")")
				casePupils = append(casePupils, "(?, ?, ?)")
				cpa = append(cpa, kase, pupil, spec.MunicipalityID)
				ca = append(ca, kase, spec.MunicipalityID, spec.NetworkID, fmt.Sprintf("C-B-%06d", i), signal, spec.ReporterUserID,
					spec.ReporterOrgID, plan, version, vios.DefaultReviewDays, day.AddDate(0, 0, vios.DefaultReviewDays), tx.now, tx.now)
			}
			for _, st := range []struct {
				sql  string
				rows []string
				args []any
			}{
				{`INSERT INTO pupils (id, municipality_id, school_id, code, name_sealed, birth_sealed, class_sealed, initials_sealed,
					blind_index, key_version, source_org_id, created_at, updated_at) VALUES `, pupils, pa},
				{`INSERT INTO signals (id, municipality_id, network_id, code, occurred_on, reporter_user_id, reporter_org_id, phenomenon,
					level, urgency, description_sealed, key_version, status, created_at, updated_at) VALUES `, signals, sa},
				{`INSERT INTO signal_pupils (signal_id, pupil_id, municipality_id) VALUES `, links, la},
				{`INSERT INTO cases (id, municipality_id, network_id, code, signal_id, owner_user_id, owner_org_id, plan_sealed,
					key_version, review_days, next_review_on, created_at, updated_at, status) VALUES `, withStatus(cases), ca},
				{`INSERT INTO case_pupils (case_id, pupil_id, municipality_id) VALUES `, casePupils, cpa},
			} {
				if err := tx.exec(ctx, st.sql+strings.Join(st.rows, ", "), st.args...); err != nil {
					return fmt.Errorf("bulk insert: %w", err)
				}
			}
			return tx.countSignals(ctx, 1, ids...)
		})
		if err != nil {
			return err
		}
	}
	// Fresh statistics, as the database's own maintenance would gather
	// after such a load (autovacuum on PostgreSQL): without them the
	// planner guesses a few hundred rows and picks plans for that.
	for _, table := range []string{"pupils", "signals", "signal_pupils", "cases", "case_pupils"} {
		if _, err := db.write.ExecContext(ctx, `ANALYZE `+table); err != nil {
			return err
		}
	}
	return nil
}

// withStatus appends the open status to each row of cases.
func withStatus(rows []string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.TrimSuffix(r, ")") + ", 'open')"
	}
	return out
}
