-- +goose Up
-- Transfers of a pupil's file to the next school (overdrachten). A clause
-- may be a transfer clause: the categories it gives to schools may go to a
-- receiving school that signed its covenant, or to a school of a
-- municipality the clause names. The sending side keeps its record in
-- transfers (its municipality, until its case's retention removes it); the
-- receiving side gets its own row in transfer_receipts (its municipality),
-- the content sealed under its own key only once it accepts.
ALTER TABLE sharing_clauses ADD COLUMN transfer BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sharing_clauses ADD COLUMN transfer_municipalities TEXT NOT NULL DEFAULT '[]';

CREATE TABLE transfers (
    id                 TEXT PRIMARY KEY,
    municipality_id    TEXT NOT NULL REFERENCES municipalities (id),
    case_id            TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    pupil_id           TEXT NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    from_school_id     TEXT NOT NULL REFERENCES organisations (id),
    sender_user_id     TEXT NOT NULL REFERENCES users (id),
    to_municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    to_school_id       TEXT NOT NULL REFERENCES organisations (id),
    -- the receiving school's public name, readable on the sender's side
    to_school          TEXT NOT NULL,
    to_municipality    TEXT NOT NULL,
    -- the clause it went under; '' when only the notice went
    clause_id          TEXT NOT NULL DEFAULT '',
    categories         TEXT NOT NULL DEFAULT '',
    item_count         INTEGER NOT NULL DEFAULT 0,
    items_sealed       TEXT NOT NULL DEFAULT '',
    key_version        INTEGER NOT NULL DEFAULT 0,
    status             TEXT NOT NULL CHECK (status IN ('verzonden', 'aanvaard', 'afgewezen')),
    created_at         TIMESTAMPTZ NOT NULL,
    decided_at         TIMESTAMPTZ
);
CREATE UNIQUE INDEX transfers_tenant_key ON transfers (municipality_id, id);
CREATE INDEX transfers_case ON transfers (municipality_id, case_id);
CREATE INDEX transfers_sender ON transfers (sender_user_id, created_at);

CREATE TABLE transfer_receipts (
    id                   TEXT PRIMARY KEY,
    municipality_id      TEXT NOT NULL REFERENCES municipalities (id),
    transfer_id          TEXT NOT NULL UNIQUE,
    from_municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    to_school_id         TEXT NOT NULL REFERENCES organisations (id),
    from_school          TEXT NOT NULL,
    from_municipality    TEXT NOT NULL,
    contact              TEXT NOT NULL,
    notice_only          BOOLEAN NOT NULL DEFAULT FALSE,
    categories           TEXT NOT NULL DEFAULT '',
    item_count           INTEGER NOT NULL DEFAULT 0,
    initials_sealed      TEXT NOT NULL DEFAULT '',
    content_sealed       TEXT NOT NULL DEFAULT '',
    key_version          INTEGER NOT NULL DEFAULT 0,
    status               TEXT NOT NULL CHECK (status IN ('verzonden', 'aanvaard', 'afgewezen')),
    created_at           TIMESTAMPTZ NOT NULL,
    decided_at           TIMESTAMPTZ,
    decided_by           TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX transfer_receipts_tenant_key ON transfer_receipts (municipality_id, id);
CREATE INDEX transfer_receipts_school ON transfer_receipts (municipality_id, to_school_id, created_at);

ALTER TABLE transfers ENABLE ROW LEVEL SECURITY;
ALTER TABLE transfers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON transfers
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE transfer_receipts ENABLE ROW LEVEL SECURITY;
ALTER TABLE transfer_receipts FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON transfer_receipts
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE transfer_receipts;
DROP TABLE transfers;
ALTER TABLE sharing_clauses DROP COLUMN transfer_municipalities;
ALTER TABLE sharing_clauses DROP COLUMN transfer;
