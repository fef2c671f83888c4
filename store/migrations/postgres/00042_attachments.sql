-- +goose Up
-- Attachments: files kept with a record, named by the kind and id of their
-- owner (no foreign key: the owner is one of several tables, and the
-- access decision per kind is in the code, store/attachment_owner.go).
-- The file itself is a sealed blob (keys.SealFile) in the blob store; the
-- file name is sealed like every free text. A row is written only after
-- its blob, and removed before it: a row never points at a missing blob.
CREATE TABLE attachments (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    owner_kind      TEXT NOT NULL,
    owner_id        TEXT NOT NULL,
    name_sealed     TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL CHECK (size >= 0),
    blob_key        TEXT NOT NULL,
    key_version     INTEGER NOT NULL,
    uploaded_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX attachments_owner ON attachments (municipality_id, owner_kind, owner_id, uploaded_at);
CREATE UNIQUE INDEX attachments_tenant_key ON attachments (municipality_id, id);
CREATE INDEX attachments_blob ON attachments (blob_key);

ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON attachments
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- The blobs when the database is the blob store (VIOS_BLOBS=database):
-- sealed bytes only, addressed by a key that starts with the municipality.
CREATE TABLE attachment_blobs (
    blob_key   TEXT PRIMARY KEY,
    data       BYTEA NOT NULL,
    written_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE attachment_blobs;
DROP TABLE attachments;
