-- +goose Up
-- Trainings: the platform-wide catalogue (municipality_id NULL for an entry
-- of the landelijk role), the sessions held at schools, and the anonymous
-- evaluations. Themes and school types are codes with a comma on each side
-- (",groepsdruk,"); statements are one per line ('' = the default set).
CREATE TABLE trainings (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT REFERENCES municipalities (id),
    kind            TEXT NOT NULL CHECK (kind IN ('training', 'workshop', 'masterclass')),
    title           TEXT NOT NULL,
    provider        TEXT NOT NULL,
    target_group    TEXT NOT NULL DEFAULT '',
    duration        TEXT NOT NULL DEFAULT '',
    cost            TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    themes          TEXT NOT NULL DEFAULT '',
    school_types    TEXT NOT NULL DEFAULT '',
    statements      TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX trainings_title ON trainings (title);

-- A session held at a school. The trainer may name a person: sealed.
CREATE TABLE training_sessions (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    training_id     TEXT NOT NULL REFERENCES trainings (id),
    school_id       TEXT NOT NULL REFERENCES organisations (id),
    held_on         DATE NOT NULL,
    trainer_sealed  TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0,
    participants    INTEGER NOT NULL CHECK (participants BETWEEN 1 AND 500),
    created_by      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX training_sessions_tenant_key ON training_sessions (municipality_id, id);
CREATE INDEX training_sessions_training ON training_sessions (training_id);

-- A participant's address, sealed, kept only to send the two
-- questionnaires: emptied once the last one is queued. No name is kept.
CREATE TABLE training_participants (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    session_id      TEXT NOT NULL REFERENCES training_sessions (id),
    email_sealed    TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0,
    before_sent_at  TIMESTAMPTZ,
    after_sent_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX training_participants_tenant_key ON training_participants (municipality_id, id);
CREATE INDEX training_participants_session ON training_participants (municipality_id, session_id);

-- A one-time link (its token's hash). It names the session and the phase,
-- not the participant, so an answer cannot be traced to an address.
CREATE TABLE training_invitations (
    token_hash      TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    session_id      TEXT NOT NULL REFERENCES training_sessions (id),
    phase           TEXT NOT NULL CHECK (phase IN ('voor', 'na')),
    valid_until     TIMESTAMPTZ NOT NULL,
    used            INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX training_invitations_tenant_key ON training_invitations (municipality_id, token_hash);

-- An anonymous answer: no time beyond the day, no link to the invitation.
CREATE TABLE training_responses (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    session_id      TEXT NOT NULL REFERENCES training_sessions (id),
    training_id     TEXT NOT NULL REFERENCES trainings (id),
    phase           TEXT NOT NULL CHECK (phase IN ('voor', 'na')),
    rating          INTEGER CHECK (rating BETWEEN 1 AND 5),
    scores          TEXT NOT NULL,
    score           DOUBLE PRECISION NOT NULL CHECK (score BETWEEN 1 AND 5),
    answered_on     DATE NOT NULL,
    CHECK ((phase = 'na') = (rating IS NOT NULL))
);
CREATE INDEX training_responses_training ON training_responses (training_id, phase);
CREATE UNIQUE INDEX training_responses_tenant_key ON training_responses (municipality_id, id);
CREATE INDEX training_responses_session ON training_responses (municipality_id, session_id);

-- Row-level security. The catalogue is read by every municipality (an
-- entry names the municipality that wrote it); a municipality writes only
-- its own entries, the landelijk role (no tenant) the platform's.
ALTER TABLE trainings ENABLE ROW LEVEL SECURITY;
ALTER TABLE trainings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON trainings
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id IS NULL OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE training_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_sessions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_sessions
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE training_participants ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_participants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_participants
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE training_invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_invitations
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE training_responses ENABLE ROW LEVEL SECURITY;
ALTER TABLE training_responses FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON training_responses
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE training_responses;
DROP TABLE training_invitations;
DROP TABLE training_participants;
DROP TABLE training_sessions;
DROP TABLE trainings;
