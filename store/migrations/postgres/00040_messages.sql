-- +goose Up
-- Threads ("berichten"): members of a network, and readers of a case, talk
-- between meetings here instead of in an app group. The text is sealed under
-- the municipality's key like every free text; a pupil it names is stored as
-- a mention (message_pupils) and shown per reader by the network's clause.
-- case_id is NULL for the network's own thread.
CREATE TABLE messages (
    id               TEXT PRIMARY KEY,
    municipality_id  TEXT NOT NULL REFERENCES municipalities (id),
    network_id       TEXT NOT NULL REFERENCES networks (id),
    case_id          TEXT REFERENCES cases (id),
    author_user_id   TEXT NOT NULL REFERENCES users (id),
    author_org_id    TEXT NOT NULL REFERENCES organisations (id),
    reply_to_id      TEXT REFERENCES messages (id),
    text_sealed      TEXT NOT NULL DEFAULT '',
    key_version      INTEGER NOT NULL DEFAULT 0,
    posted_at        TIMESTAMPTZ NOT NULL,
    edited_at        TIMESTAMPTZ,
    deleted_at       TIMESTAMPTZ,
    deleted_by       TEXT REFERENCES users (id),
    signal_id        TEXT REFERENCES signals (id),
    pseudonymised_at TIMESTAMPTZ
);
CREATE INDEX messages_thread ON messages (municipality_id, network_id, posted_at, id);
CREATE INDEX messages_case ON messages (case_id, posted_at);
CREATE INDEX messages_key_version ON messages (municipality_id, key_version);

-- The text a message had before each edit, sealed: an edit keeps what was said.
CREATE TABLE message_edits (
    id              TEXT PRIMARY KEY,
    message_id      TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    text_sealed     TEXT NOT NULL,
    key_version     INTEGER NOT NULL DEFAULT 0,
    replaced_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX message_edits_message ON message_edits (message_id);

CREATE TABLE message_pupils (
    message_id      TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    pupil_id        TEXT NOT NULL REFERENCES pupils (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (message_id, pupil_id)
);
CREATE INDEX message_pupils_pupil ON message_pupils (pupil_id);

-- @organisation and @person mentions: notified, content-free.
CREATE TABLE message_mentions (
    message_id      TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    user_id         TEXT REFERENCES users (id),
    organisation_id TEXT REFERENCES organisations (id),
    CHECK ((user_id IS NULL) <> (organisation_id IS NULL))
);
CREATE INDEX message_mentions_message ON message_mentions (message_id);

-- Read receipts: per reader and thread (thread_key: the network's or the
-- case's id), the last message read.
CREATE TABLE message_reads (
    thread_key      TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id),
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    message_id      TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    posted_at       TIMESTAMPTZ NOT NULL,
    read_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (thread_key, user_id)
);

-- A chair shares a network thread's history from a day with a newcomer,
-- who otherwise sees only what was posted while they were a member.
CREATE TABLE thread_shares (
    id              TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    network_id      TEXT NOT NULL REFERENCES networks (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    from_on         DATE NOT NULL,
    shared_by       TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX thread_shares_user ON thread_shares (network_id, user_id);

ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE messages FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON messages
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE message_edits ENABLE ROW LEVEL SECURITY;
ALTER TABLE message_edits FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON message_edits
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE message_pupils ENABLE ROW LEVEL SECURITY;
ALTER TABLE message_pupils FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON message_pupils
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE message_mentions ENABLE ROW LEVEL SECURITY;
ALTER TABLE message_mentions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON message_mentions
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE message_reads ENABLE ROW LEVEL SECURITY;
ALTER TABLE message_reads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON message_reads
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

ALTER TABLE thread_shares ENABLE ROW LEVEL SECURITY;
ALTER TABLE thread_shares FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON thread_shares
    USING (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true))
    WITH CHECK (COALESCE(current_setting('vios.tenant', true), '') = '' OR municipality_id = current_setting('vios.tenant', true));

-- +goose Down
DROP TABLE thread_shares;
DROP TABLE message_reads;
DROP TABLE message_mentions;
DROP TABLE message_pupils;
DROP TABLE message_edits;
DROP TABLE messages;
