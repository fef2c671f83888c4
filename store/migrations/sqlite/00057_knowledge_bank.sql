-- +goose Up
-- The knowledge bank: documents and pages a municipality shares with its own
-- accounts (eigen), every municipality on the platform (alle) or everyone
-- (openbaar). An eigen item's body may name a person and is sealed
-- (body_sealed); a shared item is reviewed text, stored plain in body, so
-- the public page and the full-text search can read it. Themes and school
-- types are comma-separated codes with a comma on each side (",vapes,").
CREATE TABLE knowledge_items (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    kind            TEXT NOT NULL CHECK (kind IN ('protocol', 'convenant', 'samenwerkingsovereenkomst', 'voorbeeld-veiligheidsplan', 'handreiking')),
    visibility      TEXT NOT NULL CHECK (visibility IN ('eigen', 'alle', 'openbaar')),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    body_sealed     TEXT NOT NULL DEFAULT '',
    key_version     INTEGER NOT NULL DEFAULT 0,
    themes          TEXT NOT NULL DEFAULT '',
    school_types    TEXT NOT NULL DEFAULT '',
    withdrawn_at    DATETIME,
    updated_by      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX knowledge_items_tenant_key ON knowledge_items (municipality_id, id);
CREATE INDEX knowledge_items_visibility ON knowledge_items (visibility, updated_at);

-- The Dutch full-text index, only of shared items (a sealed body cannot be
-- indexed in the database): FTS5 has no Dutch stemmer, so the store writes
-- the words already stemmed by the Snowball Dutch stemmer, and stems the
-- query the same way.
CREATE VIRTUAL TABLE knowledge_fts USING fts5 (item_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');

-- +goose Down
DROP TABLE knowledge_fts;
DROP TABLE knowledge_items;
