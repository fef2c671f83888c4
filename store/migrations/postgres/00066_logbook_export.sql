-- +goose Up
-- The Logboek Dataverwerkingen export: how far the processing log has been
-- sent to the municipality's OTLP receiver (a sequence number: the log is
-- numbered in commit order), and the lease of the instance sending it, so
-- that with several instances one sends. The database stays the source of
-- truth: a record is only marked sent once the receiver accepted it.
-- The casework activity the processing records point to since P3 joins
-- the register, so that its URI resolves like the others.
CREATE TABLE log_exports (
    name         TEXT PRIMARY KEY,
    seq          BIGINT NOT NULL DEFAULT 0,
    holder       TEXT NOT NULL DEFAULT '',
    lease_until  TIMESTAMPTZ,
    last_error   TEXT NOT NULL DEFAULT ''
);
INSERT INTO log_exports (name, seq) VALUES ('otlp', 0);
INSERT INTO processing_activities (id, municipality_id, uri, name, purpose, legal_basis, data_categories, retention, created_at) VALUES
    ('11f0a3c2-0000-4000-8000-000000000004', NULL, 'https://vios-platform.example/verwerkingsregister/signalen-en-casussen', 'Signalen, casussen en alerts over leerlingen', 'Signaleren en gezamenlijk aanpakken van zorgen over de veiligheid van leerlingen in en om school, onder het convenant van de gemeente', 'AVG art. 6 lid 1 sub e (taak van algemeen belang), zoals vastgelegd in de afspraak over gegevensdeling van het netwerk', 'Naam, geboortedatum, school en klas van de leerling; signalen, plannen, verwijzingen; bij een art. 10-grond strafrechtelijke gegevens', 'Volgens de afspraak over gegevensdeling: signalen hoogstens 2 jaar, casussen en notulen met naam hoogstens 5 jaar', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM processing_activities WHERE id = '11f0a3c2-0000-4000-8000-000000000004';
DROP TABLE log_exports;
