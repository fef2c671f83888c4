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
    withdrawn_at    TIMESTAMPTZ,
    updated_by      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    -- The Dutch full-text index (title weighs A, body B), only of shared
    -- items: a sealed body cannot be indexed in the database.
    search_vector   TSVECTOR
);
CREATE UNIQUE INDEX knowledge_items_tenant_key ON knowledge_items (municipality_id, id);
CREATE INDEX knowledge_items_visibility ON knowledge_items (visibility, updated_at);
CREATE INDEX knowledge_items_search ON knowledge_items USING GIN (search_vector);

-- Row-level security: a municipality's transaction sees its own items and
-- the shared items of others, and writes only its own.
ALTER TABLE knowledge_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_items
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true) OR visibility <> 'eigen')
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE knowledge_items;
