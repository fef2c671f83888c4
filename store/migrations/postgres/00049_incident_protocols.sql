-- +goose Up
-- Incident protocols per school (school_id '' for the municipality's
-- default) and phenomenon: ordered steps as JSON (who, action, whom to
-- call, a contact person on the sociale kaart by id: the contact itself is
-- read when shown, so a changed wijkagent changes every protocol). Keyed by
-- school, not by plan, so a plan can take them in later.
CREATE TABLE incident_protocols (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    school_id       TEXT NOT NULL DEFAULT '',
    phenomenon      TEXT NOT NULL,
    steps           TEXT NOT NULL DEFAULT '[]',
    updated_by      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX incident_protocols_tenant_key ON incident_protocols (municipality_id, id);
CREATE UNIQUE INDEX incident_protocols_school ON incident_protocols (municipality_id, school_id, phenomenon);

-- Evaluations after an incident: one request per protocol per incident
-- (incident_ref: the signal, never shown), the answer sealed.
CREATE TABLE protocol_evaluations (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    protocol_id      TEXT NOT NULL REFERENCES incident_protocols (id) ON DELETE CASCADE,
    incident_ref     TEXT NOT NULL,
    requested_at     TIMESTAMPTZ NOT NULL,
    evaluated_at     TIMESTAMPTZ,
    evaluated_by     TEXT NOT NULL DEFAULT '',
    followed         TEXT NOT NULL DEFAULT '' CHECK (followed IN ('', 'ja', 'deels', 'nee')),
    went_well_sealed TEXT NOT NULL DEFAULT '',
    to_change_sealed TEXT NOT NULL DEFAULT '',
    key_version      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX protocol_evaluations_tenant_key ON protocol_evaluations (municipality_id, id);
CREATE UNIQUE INDEX protocol_evaluations_once ON protocol_evaluations (municipality_id, protocol_id, incident_ref);

-- What a school states about the Wet veiligheid op school.
CREATE TABLE school_legal_facts (
    municipality_id       TEXT NOT NULL REFERENCES municipalities (id),
    school_id             TEXT NOT NULL REFERENCES organisations (id),
    safety_policy         BOOLEAN NOT NULL DEFAULT FALSE,
    monitoring_instrument TEXT NOT NULL DEFAULT '',
    monitoring_on         DATE,
    anti_bullying_contact TEXT NOT NULL DEFAULT '',
    anti_bullying_lead    TEXT NOT NULL DEFAULT '',
    incident_registration BOOLEAN NOT NULL DEFAULT FALSE,
    updated_by            TEXT NOT NULL DEFAULT '',
    updated_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (municipality_id, school_id)
);

ALTER TABLE incident_protocols ENABLE ROW LEVEL SECURITY;
ALTER TABLE incident_protocols FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON incident_protocols
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE protocol_evaluations ENABLE ROW LEVEL SECURITY;
ALTER TABLE protocol_evaluations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON protocol_evaluations
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE school_legal_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE school_legal_facts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON school_legal_facts
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE school_legal_facts;
DROP TABLE protocol_evaluations;
DROP TABLE incident_protocols;
