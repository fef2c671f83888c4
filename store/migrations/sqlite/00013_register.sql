-- +goose Up
-- The register of processing activities: the platform's defaults (no
-- municipality, read-only) and activities a municipality's privacy officer
-- adds. Every processing record points to one by its URI.
ALTER TABLE processing_activities ADD COLUMN municipality_id TEXT REFERENCES municipalities (id);
INSERT INTO processing_activities (id, municipality_id, uri, name, purpose, legal_basis, data_categories, retention, created_at) VALUES
    ('11f0a3c2-0000-4000-8000-000000000001', NULL, 'https://vios-platform.example/verwerkingsregister/accountbeheer', 'Accountbeheer en toegang', 'Beheren van accounts, rollen en sessies van medewerkers die met het platform werken', 'AVG art. 6 lid 1 sub e (taak van algemeen belang: regie op schoolveiligheid)', 'Naam, e-mailadres, functie, organisatie, rollen, inloggegevens', 'Tot een jaar na het opheffen van het account', CURRENT_TIMESTAMP),
    ('11f0a3c2-0000-4000-8000-000000000002', NULL, 'https://vios-platform.example/verwerkingsregister/sociale-kaart', 'Contactpersonen van de aanpak', 'Weten wie bij welke organisatie aanspreekpunt is in de schoolveiligheidsaanpak', 'AVG art. 6 lid 1 sub e (taak van algemeen belang)', 'Naam, functie, organisatie, e-mailadres', 'Tot de persoon niet meer deelneemt', CURRENT_TIMESTAMP),
    ('11f0a3c2-0000-4000-8000-000000000003', NULL, 'https://vios-platform.example/verwerkingsregister/logboek', 'Toezicht op verwerkingen', 'Verantwoorden en controleren wie welke persoonsgegevens heeft verwerkt', 'AVG art. 5 lid 2 en art. 32 (verantwoordingsplicht en beveiliging)', 'Pseudonieme kenmerken, gebruikers-id, rol, organisatie, IP-adres', 'Vijf jaar', CURRENT_TIMESTAMP);

-- +goose Down
DELETE FROM processing_activities;
ALTER TABLE processing_activities DROP COLUMN municipality_id;
