package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/vios-platform/vios"
)

// Generated data sets (vios gen) for load tests and capacity figures: bulk
// multi-row inserts, sealed as the store seals, with processing records
// that extend the keyed chain, so `vios audit verify` passes on them. Never
// for real data: there are no audit records of the rows themselves.

// GenSpec is what to generate in one municipality that exists already (its
// key loaded).
type GenSpec struct {
	MunicipalityID string
	// Seed makes the data reproducible: the same seed gives the same ids,
	// names and dates (the sealed bytes differ: every seal has a fresh
	// nonce).
	Seed uint64
	// NameSeed shifts the municipality into another part of the name pools.
	NameSeed int
	// Email is the address of the k-th generated account.
	Email func(k int) string

	Schools       int
	Professionals int
	Cases         int // signals about one pupil each, every one made a case
	Processing    int // processing records (reads of pupils) in the chain
	// NetworkID is the network the casework goes to; "" makes a core team.
	NetworkID string
	// LoadUsers of the professionals (the first ones) are fixed members of
	// the network: the accounts a load test logs in with.
	LoadUsers int

	PasswordHash string // one hash for every generated account
	TOTPSecret   string // one known TOTP secret, so a load test can log in

	Start time.Time // the newest day; casework goes back Years school years
	Years int

	PersonName func(k int) string                    // fictional names (package demo)
	SchoolName func(schoolType string, j int) string // fictional school names
	Progress   func(step string, done, total int)
}

// GenResult names what a load test needs of the generated municipality.
type GenResult struct {
	NetworkID  string
	LoadEmails []string
}

// genRand is the generator's reproducible source.
type genRand struct{ *rand.Rand }

func (r genRand) id() string {
	var u uuid.UUID
	a, b := r.Uint64(), r.Uint64()
	for i := range 8 {
		u[i], u[8+i] = byte(a>>(8*i)), byte(b>>(8*i)) // #nosec G115 -- truncating to one byte is the point
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return u.String()
}

func (r genRand) hex(n int) string {
	var b strings.Builder
	for b.Len() < n {
		fmt.Fprintf(&b, "%016x", r.Uint64())
	}
	return b.String()[:n]
}

// genInsert is one table's rows for insertAll.
type genInsert struct {
	head  string
	width int
	args  []any
}

// insertAll inserts the rows of each table in turn.
func (tx *Tx) insertAll(ctx context.Context, tables ...genInsert) error {
	for _, t := range tables {
		if err := tx.insertRows(ctx, t.head, t.width, t.args); err != nil {
			return err
		}
	}
	return nil
}

// Generate adds spec's organisations, accounts, casework and processing
// records to the municipality.
func (db *DB) Generate(ctx context.Context, spec GenSpec) (*GenResult, error) {
	rng := genRand{rand.New(rand.NewPCG(spec.Seed, uint64(spec.NameSeed)))} // #nosec G115,G404 -- made-up demonstration data from a seed: reproducible on purpose, no secret
	progress := spec.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	res := &GenResult{NetworkID: spec.NetworkID}
	var schools, users, loadUsers []string
	police := rng.id()
	err := db.inTenant(ctx, spec.MunicipalityID, func(tx *Tx) error {
		var args []any
		for j := range spec.Schools {
			id := rng.id()
			schools = append(schools, id)
			kind := []string{"po", "vo"}[j%2]
			args = append(args, id, spec.MunicipalityID, vios.OrgSchool, fmt.Sprintf("%s %d", spec.SchoolName(kind, j/2), j), kind, tx.now)
		}
		args = append(args, police, spec.MunicipalityID, vios.OrgPartner, "Politie basisteam (gegenereerd)", "", tx.now)
		if err := tx.insertRows(ctx, `INSERT INTO organisations (id, municipality_id, kind, name, school_type, created_at)`, 6, args); err != nil {
			return err
		}
		if err := tx.exec(ctx, `UPDATE organisations SET partner_kind = 'politie' WHERE id = ?`, police); err != nil {
			return err
		}
		if res.NetworkID == "" {
			res.NetworkID = rng.id()
			if err := tx.exec(ctx, `INSERT INTO networks (id, municipality_id, kind, name, every_weeks, agenda_days, proposal_days, created_at, updated_at)
				VALUES (?, ?, ?, ?, 6, ?, ?, ?, ?)`, res.NetworkID, spec.MunicipalityID, vios.NetworkKernteam, "Kernteam (gegenereerd)",
				vios.DefaultAgendaDaysAhead, vios.DefaultProposalDaysAhead, tx.now, tx.now); err != nil {
				return err
			}
		}
		// The network met every six weeks over the years; the minutes of
		// all but the last meeting are approved (a case's action belongs to
		// the last one).
		args = args[:0]
		last := vios.Date(spec.Start).AddDate(0, 0, -7).Add(14 * time.Hour)
		for k := spec.Years * 365 / 42; k >= 0; k-- {
			at := last.AddDate(0, 0, -42*k)
			var approved any
			if k > 0 {
				approved = at.AddDate(0, 0, 7)
			}
			args = append(args, rng.id(), spec.MunicipalityID, res.NetworkID, at, at.Add(90*time.Minute), "gehouden", approved, tx.now, tx.now)
		}
		if err := tx.insertRows(ctx, `INSERT INTO meetings (id, municipality_id, network_id, starts_at, ends_at, status,
			minutes_approved_at, created_at, updated_at)`, 9, args); err != nil {
			return err
		}
		args = args[:0]
		for _, s := range schools[:min(len(schools), 20)] {
			args = append(args, res.NetworkID, s, spec.MunicipalityID)
		}
		return tx.insertRows(ctx, `INSERT INTO network_schools (network_id, organisation_id, municipality_id)`, 3, args)
	})
	if err != nil {
		return nil, err
	}
	progress("organisaties", spec.Schools+1, spec.Schools+1)

	// Accounts, in chunks: a school account at a school, a partner account
	// at the police; the first LoadUsers at the police, members of the
	// network.
	joined := vios.Date(spec.Start).AddDate(-spec.Years, 0, 0)
	const chunk = 5000
	for done := 0; done < spec.Professionals; done += chunk {
		n := min(chunk, spec.Professionals-done)
		err := db.inTenant(ctx, spec.MunicipalityID, func(tx *Tx) error {
			var ua, ma, na []any
			for k := done; k < done+n; k++ {
				id := rng.id()
				users = append(users, id)
				email := spec.Email(k)
				ua = append(ua, id, email, spec.PersonName(k), spec.PasswordHash, spec.TOTPSecret, spec.TOTPSecret != "", tx.now)
				role, org := vios.RolePartner, police
				if k >= spec.LoadUsers && len(schools) > 0 && k%3 != 0 {
					role, org = vios.RoleSchool, schools[k%len(schools)]
				}
				ma = append(ma, rng.id(), id, spec.MunicipalityID, org, role, tx.now)
				if k < spec.LoadUsers {
					loadUsers = append(loadUsers, id)
					res.LoadEmails = append(res.LoadEmails, email)
					na = append(na, rng.id(), spec.MunicipalityID, res.NetworkID, id, police, vios.PositionMember, joined)
				}
			}
			return tx.insertAll(ctx,
				genInsert{`INSERT INTO users (id, email, name, password_hash, totp_secret, totp_confirmed, created_at)`, 7, ua},
				genInsert{`INSERT INTO memberships (id, user_id, municipality_id, organisation_id, role, created_at)`, 6, ma},
				genInsert{`INSERT INTO network_members (id, municipality_id, network_id, user_id, organisation_id, position, joined_on)`, 7, na},
			)
		})
		if err != nil {
			return nil, err
		}
		progress("accounts", done+n, spec.Professionals)
	}
	reporters := loadUsers
	if len(reporters) == 0 {
		reporters = users
	}
	if len(reporters) == 0 && spec.Cases > 0 {
		return nil, fmt.Errorf("generate: casework needs at least one account")
	}
	pupils, err := db.generateCasework(ctx, spec, rng, res.NetworkID, schools, reporters, police, progress)
	if err != nil {
		return nil, err
	}
	if err := db.generateProcessing(ctx, spec, rng, pupils, progress); err != nil {
		return nil, err
	}
	return res, nil
}

// genNamePool is the number of distinct names PersonName gives.
const genNamePool = 2400

var genPhenomena = []string{"verzuim", "pesten", "vapes", "wapens", "bedreiging-online", "vernederingsfilmpjes", "straatcultuur"}

// generateCasework inserts spec.Cases signals, each about one new pupil and
// made a case, spread over the school years before spec.Start; it returns
// the pupils' ids.
func (db *DB) generateCasework(ctx context.Context, spec GenSpec, rng genRand, network string, schools, reporters []string,
	reporterOrg string, progress func(string, int, int)) ([]string, error) {
	version := db.activeKey(spec.MunicipalityID)
	days := max(1, spec.Years*365)
	pupilIDs := make([]string, 0, spec.Cases)
	const chunk = 2000
	for done := 0; done < spec.Cases; done += chunk {
		n := min(chunk, spec.Cases-done)
		err := db.inTenant(ctx, spec.MunicipalityID, func(tx *Tx) error {
			var pa, sa, la, ca, cpa []any
			var ids []string
			for i := done; i < done+n; i++ {
				pupil, signal, kase := rng.id(), rng.id(), rng.id()
				ids = append(ids, signal)
				pupilIDs = append(pupilIDs, pupil)
				// Pupils' names from the pool, after the professionals'.
				name := spec.PersonName(spec.Professionals + i)
				day := vios.Date(spec.Start).AddDate(0, 0, -rng.IntN(days))
				// Name and birth date together are unique (the blind index
				// is): the pool repeats a name every genNamePool pupils, and
				// each round moves the birth dates five days back.
				birth := vios.Date(spec.Start).AddDate(-12, 0, -5*(i/genNamePool)).Format(time.DateOnly)
				school := ""
				if len(schools) > 0 {
					school = schools[rng.IntN(len(schools))]
				}
				index, err := db.blindIndex(spec.MunicipalityID, name, birth)
				if err != nil {
					return err
				}
				class := fmt.Sprintf("%d%c", 1+rng.IntN(6), 'A'+rune(rng.IntN(4))) // #nosec G115 -- 0 to 3
				sealed := make([]any, 0, 4)
				for _, f := range [][2]string{{"name_sealed", name}, {"birth_sealed", birth}, {"class_sealed", class}, {"initials_sealed", vios.InitialsOf(name)}} {
					v, err := db.seal(spec.MunicipalityID, "pupils", pupil, f[0], f[1])
					if err != nil {
						return err
					}
					sealed = append(sealed, v)
				}
				pa = append(pa, pupil, spec.MunicipalityID, nullable(school), fmt.Sprintf("L-G%07d", i))
				pa = append(pa, sealed...)
				pa = append(pa, index, version, reporterOrg, tx.now, tx.now)
				phenomenon := genPhenomena[rng.IntN(len(genPhenomena))]
				description, err := db.seal(spec.MunicipalityID, "signals", signal, "description_sealed", "Zorg over "+name+": "+phenomenon+".")
				if err != nil {
					return err
				}
				reporter := reporters[rng.IntN(len(reporters))]
				sa = append(sa, signal, spec.MunicipalityID, network, fmt.Sprintf("S-G-%07d", i), day, reporter, reporterOrg, phenomenon,
					vios.LevelPupil, vios.UrgencyNormal, description, version, vios.SignalCase, tx.now, tx.now)
				la = append(la, signal, pupil, spec.MunicipalityID)
				// Open cases have been reviewed on time: the next review is
				// ahead (else the first reminders run would face them all).
				review := vios.Date(spec.Start).AddDate(0, 0, 1+rng.IntN(vios.DefaultReviewDays))
				plan, err := db.seal(spec.MunicipalityID, "cases", kase, "plan_sealed", "Gesprek met "+name+" en ouders; de school volgt het op.")
				if err != nil {
					return err
				}
				ca = append(ca, kase, spec.MunicipalityID, network, fmt.Sprintf("C-G-%07d", i), signal, reporter, reporterOrg, plan,
					version, vios.DefaultReviewDays, review, "open", tx.now, tx.now)
				cpa = append(cpa, kase, pupil, spec.MunicipalityID)
			}
			err := tx.insertAll(ctx,
				genInsert{`INSERT INTO pupils (id, municipality_id, school_id, code, name_sealed, birth_sealed, class_sealed, initials_sealed,
					blind_index, key_version, source_org_id, created_at, updated_at)`, 13, pa},
				genInsert{`INSERT INTO signals (id, municipality_id, network_id, code, occurred_on, reporter_user_id, reporter_org_id, phenomenon,
					level, urgency, description_sealed, key_version, status, created_at, updated_at)`, 15, sa},
				genInsert{`INSERT INTO signal_pupils (signal_id, pupil_id, municipality_id)`, 3, la},
				genInsert{`INSERT INTO cases (id, municipality_id, network_id, code, signal_id, owner_user_id, owner_org_id, plan_sealed,
					key_version, review_days, next_review_on, status, created_at, updated_at)`, 14, ca},
				genInsert{`INSERT INTO case_pupils (case_id, pupil_id, municipality_id)`, 3, cpa},
			)
			if err != nil {
				return err
			}
			return tx.countSignals(ctx, 1, ids...)
		})
		if err != nil {
			return nil, err
		}
		progress("signalen en casussen", done+n, spec.Cases)
	}
	return pupilIDs, nil
}

// generateProcessing appends spec.Processing processing records of reads of
// the pupils to the chain, in chunks that each advance the chain head once.
func (db *DB) generateProcessing(ctx context.Context, spec GenSpec, rng genRand, pupils []string, progress func(string, int, int)) error {
	if len(pupils) == 0 || spec.Processing == 0 {
		return nil
	}
	names := []string{"signalen-bekeken", "casus-bekeken", "leerling-bekeken"}
	span := max(1, int64(spec.Years)*365*24*3600*1000)
	newest := spec.Start.UnixMilli()
	const chunk = 10000
	for done := 0; done < spec.Processing; done += chunk {
		n := min(chunk, spec.Processing-done)
		err := db.inTenant(ctx, spec.MunicipalityID, func(tx *Tx) error {
			first, prev, sum, err := tx.advance(ctx, chainProcessing, n)
			if err != nil {
				return err
			}
			args := make([]any, 0, n*19)
			trace := rng.hex(32)
			for i := range n {
				if i%50 == 0 {
					trace = rng.hex(32) // one request shows up to 50 pupils
				}
				start := newest - rng.Int64N(span)
				r := &vios.ProcessingRecord{Seq: first + int64(i), TraceID: trace, SpanID: rng.hex(16), ParentSpanID: rng.hex(16),
					Name: names[rng.IntN(len(names))], StartMS: start, EndMS: start + 1 + rng.Int64N(20), StatusCode: vios.StatusOK,
					ResourceName: "vios-platform", ResourceVersion: vios.Version, ActivityID: vios.ActivityCasework.URI,
					DataSubjectID: pupils[rng.IntN(len(pupils))], DataSubjectIDType: "leerling", MunicipalityID: spec.MunicipalityID,
					PrevHash: prev, KeyVersion: sum.version}
				r.Hash = sum.processing(r)
				prev = r.Hash
				args = append(args, r.Seq, r.TraceID, r.SpanID, r.ParentSpanID, r.Name, r.StartMS, r.EndMS, r.StatusCode,
					r.ResourceName, r.ResourceVersion, r.ActivityID, r.DataSubjectID, r.DataSubjectIDType, r.MunicipalityID,
					r.PrevHash, r.Hash, r.KeyVersion, r.ForeignTraceID, r.ForeignSpanID)
			}
			if err := tx.insertRows(ctx, `INSERT INTO processing_log (seq, trace_id, span_id, parent_span_id, name, start_ms,
				end_ms, status_code, resource_name, resource_version, activity_id, data_subject_id, data_subject_id_type,
				municipality_id, prev_hash, hash, key_version, foreign_trace_id, foreign_span_id)`, 19, args); err != nil {
				return err
			}
			return tx.setHead(ctx, sum, first+int64(n)-1, prev)
		})
		if err != nil {
			return err
		}
		progress("verwerkingsregels", done+n, spec.Processing)
	}
	return nil
}

// IsEmpty reports whether the database holds nothing yet: no municipality,
// no account and no audit record. Generated data (with accounts whose
// second factor follows from a public seed) goes only into such a one.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := db.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM municipalities LIMIT 1) m)
		+ (SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) u)
		+ (SELECT COUNT(*) FROM (SELECT 1 FROM audit_log LIMIT 1) a)`).Scan(&n)
	return n == 0, err
}
