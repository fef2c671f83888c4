-- +goose Up
-- Networks and meetings (P3): standing groups with dated memberships,
-- meetings with agendas, attendance and minutes, action items followed up
-- until done, and the list of phenomena they are tagged with. Every row
-- carries its municipality, so row-level security can separate them.
CREATE TABLE networks (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    kind            TEXT NOT NULL,
    name            TEXT NOT NULL,
    level           TEXT NOT NULL DEFAULT '',
    neighbourhood   TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL DEFAULT '',
    every_weeks     INTEGER NOT NULL DEFAULT 0 CHECK (every_weeks >= 0),
    times_per_year  INTEGER NOT NULL DEFAULT 0 CHECK (times_per_year >= 0),
    agenda_days     INTEGER NOT NULL CHECK (agenda_days >= 0),
    proposal_days   INTEGER NOT NULL CHECK (proposal_days >= agenda_days),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE TABLE network_schools (
    network_id      TEXT NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (network_id, organisation_id)
);

CREATE TABLE network_members (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    network_id      TEXT NOT NULL REFERENCES networks (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    position        TEXT NOT NULL CHECK (position IN ('lid', 'plaatsvervanger')),
    deputy_for      TEXT REFERENCES network_members (id),
    function        TEXT NOT NULL DEFAULT '' CHECK (function IN ('', 'voorzitter', 'secretaris')),
    joined_on       DATE NOT NULL,
    left_on         DATE,
    CHECK (left_on IS NULL OR left_on >= joined_on),
    CHECK ((position = 'plaatsvervanger') = (deputy_for IS NOT NULL))
);
CREATE INDEX network_members_network ON network_members (network_id);
CREATE INDEX network_members_user ON network_members (user_id);

CREATE TABLE meetings (
    id                  TEXT PRIMARY KEY,
    municipality_id     TEXT NOT NULL REFERENCES municipalities (id),
    network_id          TEXT NOT NULL REFERENCES networks (id),
    starts_at           TIMESTAMPTZ NOT NULL,
    ends_at             TIMESTAMPTZ NOT NULL,
    location            TEXT NOT NULL DEFAULT '',
    online_url          TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('gepland', 'agenda-gepubliceerd', 'gehouden', 'geannuleerd')),
    agenda_published_at TIMESTAMPTZ,
    minutes_approved_at TIMESTAMPTZ,
    agenda_reminded_at  TIMESTAMPTZ,
    sequence            INTEGER NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_network ON meetings (network_id, starts_at);
CREATE INDEX meetings_municipality ON meetings (municipality_id, starts_at);

CREATE TABLE agenda_items (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    meeting_id      TEXT NOT NULL REFERENCES meetings (id),
    position        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('voorgesteld', 'opgenomen', 'niet-opgenomen')),
    proposed_by     TEXT NOT NULL REFERENCES users (id),
    minutes         TEXT NOT NULL DEFAULT '',
    decisions       TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);

CREATE TABLE phenomena (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT REFERENCES municipalities (id),
    code            TEXT NOT NULL,
    label           TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX phenomena_code ON phenomena (COALESCE(municipality_id, ''), code);

CREATE TABLE agenda_item_phenomena (
    item_id         TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    code            TEXT NOT NULL,
    PRIMARY KEY (item_id, code)
);

CREATE TABLE attendance (
    meeting_id      TEXT NOT NULL REFERENCES meetings (id),
    member_id       TEXT NOT NULL REFERENCES network_members (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    status          TEXT NOT NULL CHECK (status IN ('aanwezig', 'afgemeld', 'afwezig', 'vervangen')),
    deputy_user_id  TEXT REFERENCES users (id),
    CHECK ((status = 'vervangen') = (deputy_user_id IS NOT NULL)),
    PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE minutes_corrections (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    meeting_id      TEXT NOT NULL REFERENCES meetings (id),
    item_id         TEXT REFERENCES agenda_items (id),
    author_id       TEXT NOT NULL REFERENCES users (id),
    text            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX minutes_corrections_meeting ON minutes_corrections (meeting_id, created_at);

CREATE TABLE actions (
    id                    TEXT PRIMARY KEY,
    municipality_id       TEXT NOT NULL REFERENCES municipalities (id),
    network_id            TEXT NOT NULL REFERENCES networks (id),
    meeting_id            TEXT NOT NULL REFERENCES meetings (id),
    item_id               TEXT REFERENCES agenda_items (id),
    title                 TEXT NOT NULL,
    owner_user_id         TEXT NOT NULL REFERENCES users (id),
    owner_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    due_on                DATE NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('open', 'bezig', 'gereed', 'vervallen')),
    cancel_reason         TEXT NOT NULL DEFAULT '',
    done_at               TIMESTAMPTZ,
    reminded_on           DATE,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    CHECK (status <> 'vervallen' OR cancel_reason <> '')
);
CREATE INDEX actions_network ON actions (network_id, status, due_on);
CREATE INDEX actions_owner ON actions (owner_user_id, status, due_on);
CREATE INDEX actions_due ON actions (status, due_on);
CREATE INDEX actions_meeting ON actions (meeting_id);

CREATE TABLE action_notes (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    action_id       TEXT NOT NULL REFERENCES actions (id),
    author_id       TEXT NOT NULL REFERENCES users (id),
    text            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_notes_action ON action_notes (action_id, created_at);

-- A personal calendar feed: a secret link (only its hash is stored) that a
-- calendar program polls; revoked by deleting the row.
CREATE TABLE calendar_feeds (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL UNIQUE REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);

-- Mails may carry one attachment: the .ics of an invitation.
ALTER TABLE outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment_type TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment TEXT NOT NULL DEFAULT '';

-- The national list of phenomena (vios.DefaultPhenomena); municipalities add their own.
INSERT INTO phenomena (id, municipality_id, code, label, created_at) VALUES
    ('2a0b7c11-0000-4000-8000-000000000001', NULL, 'vapes', 'Vapes', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000002', NULL, 'wapens', 'Wapens en messen', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000003', NULL, 'bedreiging-online', 'Bedreiging via sociale media', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000004', NULL, 'vernederingsfilmpjes', 'Vernederingsfilmpjes', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000005', NULL, 'straatcultuur', 'Straatcultuur', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000006', NULL, 'ronselen', 'Ronselen en ondermijnende criminaliteit', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000007', NULL, 'sextortion', 'Sextortion', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000008', NULL, 'groepsdruk', 'Groepsdruk', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000009', NULL, 'verslaving', 'Verslaving', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000010', NULL, 'vuurwerk', 'Vuurwerk', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000011', NULL, 'vechtpartijen', 'Vechtpartijen', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000012', NULL, 'diefstal', 'Diefstal', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000013', NULL, 'verzuim', 'Verzuim en spijbelen', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000014', NULL, 'discriminatie', 'Discriminatie', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000015', NULL, 'radicalisering', 'Radicalisering', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000016', NULL, 'influencers', 'Invloed van influencers', CURRENT_TIMESTAMP),
    ('2a0b7c11-0000-4000-8000-000000000017', NULL, 'lvb', 'Leerlingen met een licht verstandelijke beperking', CURRENT_TIMESTAMP);

-- Row-level security, as in 00012_rls.sql.

ALTER TABLE networks ENABLE ROW LEVEL SECURITY;
ALTER TABLE networks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON networks
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE network_schools ENABLE ROW LEVEL SECURITY;
ALTER TABLE network_schools FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON network_schools
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE network_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE network_members FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON network_members
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE meetings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON meetings
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE agenda_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE agenda_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON agenda_items
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE agenda_item_phenomena ENABLE ROW LEVEL SECURITY;
ALTER TABLE agenda_item_phenomena FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON agenda_item_phenomena
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE attendance ENABLE ROW LEVEL SECURITY;
ALTER TABLE attendance FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON attendance
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE minutes_corrections ENABLE ROW LEVEL SECURITY;
ALTER TABLE minutes_corrections FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON minutes_corrections
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE actions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON actions
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE action_notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE action_notes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON action_notes
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE phenomena ENABLE ROW LEVEL SECURITY;
ALTER TABLE phenomena FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON phenomena
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id IS NULL OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
ALTER TABLE outbox DROP COLUMN attachment;
ALTER TABLE outbox DROP COLUMN attachment_type;
ALTER TABLE outbox DROP COLUMN attachment_name;
DROP TABLE calendar_feeds;
DROP TABLE action_notes;
DROP TABLE actions;
DROP TABLE minutes_corrections;
DROP TABLE attendance;
DROP TABLE agenda_item_phenomena;
DROP TABLE phenomena;
DROP TABLE agenda_items;
DROP TABLE meetings;
DROP TABLE network_members;
DROP TABLE network_schools;
DROP TABLE networks;
