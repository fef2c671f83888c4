-- +goose Up
-- A covenant party's signature is confirmed by the party itself (review
-- finding M4). Whoever edits a covenant records that a party signed on
-- paper ('wacht-op-bevestiging', recorded_by/recorded_at); a user of the
-- party, not the recorder, confirms it ('getekend') or declines it
-- ('niet-getekend', with a sealed reason), decided_by/decided_at. Parties
-- already 'getekend' keep that status (recorded_at NULL: "vastgelegd door
-- regisseur, niet bevestigd") until a user of the party confirms.
-- SQLite cannot change a CHECK, so the table is rebuilt; nothing refers to
-- its rows.
CREATE TABLE covenant_parties_new (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    covenant_id      TEXT NOT NULL REFERENCES covenants (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    role             TEXT NOT NULL DEFAULT '',
    responsibilities TEXT NOT NULL DEFAULT '',
    signatories      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('uitgenodigd', 'wacht-op-bevestiging', 'getekend', 'niet-getekend', 'teruggetrokken')),
    signed_on        DATE,
    recorded_by      TEXT NOT NULL DEFAULT '',
    recorded_at      DATETIME,
    decided_by       TEXT NOT NULL DEFAULT '',
    decided_at       DATETIME,
    decline_reason_sealed TEXT NOT NULL DEFAULT '',
    key_version      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (covenant_id, organisation_id),
    CONSTRAINT covenant_parties_check CHECK ((status IN ('wacht-op-bevestiging', 'getekend')) = (signed_on IS NOT NULL)
        OR status IN ('teruggetrokken', 'niet-getekend')),
    -- Signed since 00071 means confirmed by a user of the party.
    CONSTRAINT covenant_parties_confirmed CHECK (status NOT IN ('getekend', 'niet-getekend') OR decided_by <> ''
        OR (status = 'getekend' AND recorded_at IS NULL))
);
INSERT INTO covenant_parties_new (id, municipality_id, covenant_id, position, organisation_id, role, responsibilities, signatories,
    status, signed_on)
SELECT id, municipality_id, covenant_id, position, organisation_id, role, responsibilities, signatories, status, signed_on
FROM covenant_parties;
DROP TABLE covenant_parties;
ALTER TABLE covenant_parties_new RENAME TO covenant_parties;
CREATE UNIQUE INDEX covenant_parties_tenant_key ON covenant_parties (municipality_id, id);

-- +goose Down
CREATE TABLE covenant_parties_old (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    covenant_id      TEXT NOT NULL REFERENCES covenants (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    role             TEXT NOT NULL DEFAULT '',
    responsibilities TEXT NOT NULL DEFAULT '',
    signatories      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('uitgenodigd', 'getekend', 'teruggetrokken')),
    signed_on        DATE,
    UNIQUE (covenant_id, organisation_id),
    CHECK ((status = 'getekend') = (signed_on IS NOT NULL) OR status = 'teruggetrokken')
);
-- A party that waits or declined is, in the old schema, invited.
INSERT INTO covenant_parties_old (id, municipality_id, covenant_id, position, organisation_id, role, responsibilities, signatories,
    status, signed_on)
SELECT id, municipality_id, covenant_id, position, organisation_id, role, responsibilities, signatories,
    CASE WHEN status IN ('wacht-op-bevestiging', 'niet-getekend') THEN 'uitgenodigd' ELSE status END,
    CASE WHEN status IN ('wacht-op-bevestiging', 'niet-getekend') THEN NULL ELSE signed_on END
FROM covenant_parties;
DROP TABLE covenant_parties;
ALTER TABLE covenant_parties_old RENAME TO covenant_parties;
CREATE UNIQUE INDEX covenant_parties_tenant_key ON covenant_parties (municipality_id, id);
