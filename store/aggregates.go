package store

// The store is split by aggregate: each type below holds the methods of one
// part of the domain and embeds the shared *DB (connections, transactions,
// tenant, seal, clock), so a method reads db.inTx or db.Now as before. A
// method of another aggregate is reached through its field: db.Casework.FindCase.

// Approaches keeps the approaches of municipalities: who works together on
// school safety and how.
type Approaches struct{ *DB }

// Organisations keeps municipalities, organisations, people and the directory
// of contact persons.
type Organisations struct{ *DB }

// Accounts keeps users, memberships, sessions, second factors, passkeys,
// single sign-on identities, password resets, access tokens and the mail
// queued for a user.
type Accounts struct{ *DB }

// Networks keeps networks and their meetings: members, agendas, attendance,
// minutes, actions, phenomena, the work agenda and calendar feeds.
type Networks struct{ *DB }

// Covenants keeps covenants, their versions and clauses, and the compliance
// reminders.
type Covenants struct{ *DB }

// Casework keeps signals, cases, case pupils, referrals, pupils and the
// rights of data subjects, and the retention of casework.
type Casework struct{ *DB }

// Alerts keeps alerts between networks: raising, acknowledging, closing and
// escalating them.
type Alerts struct{ *DB }

// Logs keeps the audit and processing logs (search, export, checkpoints,
// verification), the register of processing activities and the mail outbox.
type Logs struct{ *DB }

// All is the whole store as one value: every aggregate's methods and the
// shared DB's. It is for who takes the store through an interface spanning
// aggregates (the jobs, the demo loader); a service takes its own aggregate.
type All struct {
	*DB
	*Approaches
	*Organisations
	*Accounts
	*Networks
	*Covenants
	*Casework
	*Alerts
	*Logs
	*SafetyPlans
}

// withAggregates gives a new DB its aggregates; every constructor calls it.
func withAggregates(db *DB) *DB {
	db.Approaches = &Approaches{db}
	db.Organisations = &Organisations{db}
	db.Accounts = &Accounts{db}
	db.Networks = &Networks{db}
	db.Covenants = &Covenants{db}
	db.Casework = &Casework{db}
	db.Alerts = &Alerts{db}
	db.Logs = &Logs{db}
	db.Attachments = &Attachments{db}
	db.Protocols = &Protocols{db}
	db.SafetyPlans = &SafetyPlans{db}
	db.Knowledge = &Knowledge{db}
	db.SafetyAudits = &SafetyAudits{db}
	db.Trainings = &Trainings{db}
	db.Newsletters = &Newsletters{db}
	db.Start = &Start{db}
	db.CustomRequests = &CustomRequests{db}
	db.HelpDesk = &HelpDesk{db}
	db.All = &All{
		DB:            db,
		Approaches:    db.Approaches,
		Organisations: db.Organisations,
		Accounts:      db.Accounts,
		Networks:      db.Networks,
		Covenants:     db.Covenants,
		Casework:      db.Casework,
		Alerts:        db.Alerts,
		Logs:          db.Logs,
		SafetyPlans:   db.SafetyPlans,
	}
	return db
}

// SafetyPlans keeps the schools' safety plans: sections, versions,
// comments, approval and sharing.
type SafetyPlans struct{ *DB }
