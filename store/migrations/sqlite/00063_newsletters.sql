-- +goose Up
-- The trend newsletter: one per municipality and month (the unique index
-- makes the monthly job idempotent), drafted from counts, edited by the
-- regisseur and sent to the school accounts. Its texts name nobody and
-- show no count below 5 (checked when saved), so they are stored plain.
CREATE TABLE newsletters (
    id                TEXT PRIMARY KEY,
    municipality_id   TEXT NOT NULL REFERENCES municipalities (id),
    month             DATE NOT NULL,
    intro             TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('concept', 'verzonden')),
    no_name_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    recipients        INTEGER NOT NULL DEFAULT 0,
    sent_at           DATETIME,
    sent_by           TEXT NOT NULL DEFAULT '',
    updated_by        TEXT NOT NULL DEFAULT '',
    created_at        DATETIME NOT NULL,
    updated_at        DATETIME NOT NULL
);
CREATE UNIQUE INDEX newsletters_tenant_key ON newsletters (municipality_id, id);
CREATE UNIQUE INDEX newsletters_month ON newsletters (municipality_id, month);

-- The sections of a newsletter, in order.
CREATE TABLE newsletter_sections (
    municipality_id TEXT NOT NULL,
    newsletter_id   TEXT NOT NULL,
    position        INTEGER NOT NULL,
    section_key     TEXT NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    PRIMARY KEY (municipality_id, newsletter_id, position),
    FOREIGN KEY (municipality_id, newsletter_id) REFERENCES newsletters (municipality_id, id) ON DELETE CASCADE
);

-- +goose Down
DROP TABLE newsletter_sections;
DROP TABLE newsletters;
