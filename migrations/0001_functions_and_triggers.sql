-- 005_outbox_notify.sql
-- Every committed domain event is announced on channel hcrm_events: dispatchers wake up at once
-- (instead of waiting for their next poll) and every server instance relays it to its realtime
-- subscribers. NOTIFY is delivered at commit, so a rolled-back event is never announced.
CREATE OR REPLACE FUNCTION hcrm_notify_domain_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('hcrm_events', json_build_object(
    'id', NEW.id, 'org_id', NEW.org_id, 'type', NEW.type, 'aggregate_type', NEW.aggregate_type,
    'aggregate_id', NEW.aggregate_id, 'user_id', NEW.user_id,
    'audience', COALESCE(NEW.payload -> 'audience', 'null'::jsonb))::text);
  RETURN NULL;
END $$
--> statement-breakpoint
DROP TRIGGER IF EXISTS domain_events_notify ON domain_events
--> statement-breakpoint
CREATE TRIGGER domain_events_notify AFTER INSERT ON domain_events FOR EACH ROW EXECUTE FUNCTION hcrm_notify_domain_event()
--> statement-breakpoint
-- 030_relationships.sql
-- Relationship Manager: lookup rows, facet counters, the search side table and the copies of entity fields.
INSERT INTO entity_types (id, code, common_name, description, source_table, is_active, sort_order) VALUES
  (1, 'SfContact', 'Contact', 'A person with the contact or physician role (referring physician, office manager)', 'persons', true, 1),
  (2, 'ClaimsProvider', 'Claims Provider', 'A provider known from claims data, identified by NPI', 'claims_providers', true, 2),
  (3, 'SiteOfService', 'Site of Service', 'A facility: hospital, ASC, imaging center', 'sites_of_service', true, 3)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO relationship_status_types (id, code, display_name, description, is_active, sort_order) VALUES
  (1, 'ESTABLISHED', 'Established', 'Strong, ongoing relationship', true, 1),
  (2, 'BUILDING', 'Building', 'Developing relationship', true, 2),
  (3, 'PROSPECTING', 'Prospecting', 'Initial outreach phase', true, 3),
  (4, 'DEPRIORITIZED', 'Deprioritized', 'Inactive or low priority', true, 4)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO loyalty_status_types (id, code, display_name, description, color_hex, is_active, sort_order) VALUES
  (1, 'LOYAL', 'Loyal', 'Consistently refers to our system', '#28a745', true, 1),
  (2, 'AT_RISK', 'At Risk', 'Showing signs of switching', '#dc3545', true, 2),
  (3, 'NEUTRAL', 'Neutral', 'No clear loyalty pattern', '#6c757d', true, 3)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Index-only counts need a fresh visibility map on the hot table (PERFORMANCE.md).
ALTER TABLE relationships SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02, fillfactor = 90);
--> statement-breakpoint
-- Facet counts: one row per (org, owner, facet, key); a statement-level trigger applies the delta of each
-- statement, so a 1,000-row bulk update costs one small aggregate, not 1,000 row triggers.
CREATE OR REPLACE FUNCTION relationship_counts_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO relationship_facet_counts AS c (org_id, user_id, facet, key, n)
    SELECT r.org_id, r.user_id, f.facet, f.key, count(*)::int
    FROM new_rows r CROSS JOIN LATERAL (VALUES ('total', ''), ('entity_type', r.entity_type_id::text), ('status', r.relationship_status_id::text),
      ('loyalty', coalesce(r.loyalty_status_id::text, '')), ('lead_score', r.lead_score::text), ('geography', r.entity_geography),
      ('city', r.entity_city), ('specialty', r.entity_specialty)) f(facet, key)
    WHERE r.deleted_at IS NULL AND f.key IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4, 2
    ON CONFLICT (org_id, facet, key, user_id) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO relationship_facet_counts AS c (org_id, user_id, facet, key, n)
    SELECT r.org_id, r.user_id, f.facet, f.key, -count(*)::int
    FROM old_rows r CROSS JOIN LATERAL (VALUES ('total', ''), ('entity_type', r.entity_type_id::text), ('status', r.relationship_status_id::text),
      ('loyalty', coalesce(r.loyalty_status_id::text, '')), ('lead_score', r.lead_score::text), ('geography', r.entity_geography),
      ('city', r.entity_city), ('specialty', r.entity_specialty)) f(facet, key)
    WHERE r.deleted_at IS NULL AND f.key IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4, 2
    ON CONFLICT (org_id, facet, key, user_id) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    INSERT INTO relationship_facet_counts AS c (org_id, user_id, facet, key, n)
    SELECT x.org_id, x.user_id, x.facet, x.key, sum(x.d)::int FROM (
      SELECT r.org_id, r.user_id, f.facet, f.key, 1 AS d
      FROM new_rows r CROSS JOIN LATERAL (VALUES ('total', ''), ('entity_type', r.entity_type_id::text), ('status', r.relationship_status_id::text),
        ('loyalty', coalesce(r.loyalty_status_id::text, '')), ('lead_score', r.lead_score::text), ('geography', r.entity_geography),
        ('city', r.entity_city), ('specialty', r.entity_specialty)) f(facet, key)
      WHERE r.deleted_at IS NULL AND f.key IS NOT NULL
      UNION ALL
      SELECT r.org_id, r.user_id, f.facet, f.key, -1 AS d
      FROM old_rows r CROSS JOIN LATERAL (VALUES ('total', ''), ('entity_type', r.entity_type_id::text), ('status', r.relationship_status_id::text),
        ('loyalty', coalesce(r.loyalty_status_id::text, '')), ('lead_score', r.lead_score::text), ('geography', r.entity_geography),
        ('city', r.entity_city), ('specialty', r.entity_specialty)) f(facet, key)
      WHERE r.deleted_at IS NULL AND f.key IS NOT NULL
    ) x
    GROUP BY 1, 2, 3, 4 HAVING sum(x.d) <> 0 ORDER BY 1, 3, 4, 2
    ON CONFLICT (org_id, facet, key, user_id) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS relationships_counts_ins ON relationships;
--> statement-breakpoint
CREATE TRIGGER relationships_counts_ins AFTER INSERT ON relationships REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relationship_counts_delta();
--> statement-breakpoint
DROP TRIGGER IF EXISTS relationships_counts_upd ON relationships;
--> statement-breakpoint
CREATE TRIGGER relationships_counts_upd AFTER UPDATE ON relationships REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relationship_counts_delta();
--> statement-breakpoint
DROP TRIGGER IF EXISTS relationships_counts_del ON relationships;
--> statement-breakpoint
CREATE TRIGGER relationships_counts_del AFTER DELETE ON relationships REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION relationship_counts_delta();
--> statement-breakpoint
-- Campaign facet: enrolments counted per owner of the relationship.
CREATE OR REPLACE FUNCTION campaign_counts_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO relationship_facet_counts AS c (org_id, user_id, facet, key, n)
    SELECT r.org_id, r.user_id, 'campaign', cr.campaign_id::text, count(*)::int
    FROM new_rows cr JOIN relationships r ON r.id = cr.relationship_id WHERE r.deleted_at IS NULL
    GROUP BY 1, 2, 4 ORDER BY 1, 4, 2
    ON CONFLICT (org_id, facet, key, user_id) DO UPDATE SET n = c.n + EXCLUDED.n;
  ELSE
    INSERT INTO relationship_facet_counts AS c (org_id, user_id, facet, key, n)
    SELECT r.org_id, r.user_id, 'campaign', cr.campaign_id::text, -count(*)::int
    FROM old_rows cr JOIN relationships r ON r.id = cr.relationship_id WHERE r.deleted_at IS NULL
    GROUP BY 1, 2, 4 ORDER BY 1, 4, 2
    ON CONFLICT (org_id, facet, key, user_id) DO UPDATE SET n = c.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS campaign_relationships_counts_ins ON campaign_relationships;
--> statement-breakpoint
CREATE TRIGGER campaign_relationships_counts_ins AFTER INSERT ON campaign_relationships REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION campaign_counts_delta();
--> statement-breakpoint
DROP TRIGGER IF EXISTS campaign_relationships_counts_del ON campaign_relationships;
--> statement-breakpoint
CREATE TRIGGER campaign_relationships_counts_del AFTER DELETE ON campaign_relationships REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION campaign_counts_delta();
--> statement-breakpoint
-- Recomputes an organization's counters from scratch (after bulk loads that bypass triggers).
CREATE OR REPLACE FUNCTION relationship_counts_rebuild(p_org uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM relationship_facet_counts WHERE org_id = p_org;
  INSERT INTO relationship_facet_counts (org_id, user_id, facet, key, n)
  SELECT r.org_id, r.user_id, f.facet, f.key, count(*)::int
  FROM relationships r CROSS JOIN LATERAL (VALUES ('total', ''), ('entity_type', r.entity_type_id::text), ('status', r.relationship_status_id::text),
    ('loyalty', coalesce(r.loyalty_status_id::text, '')), ('lead_score', r.lead_score::text), ('geography', r.entity_geography),
    ('city', r.entity_city), ('specialty', r.entity_specialty)) f(facet, key)
  WHERE r.org_id = p_org AND r.deleted_at IS NULL AND f.key IS NOT NULL
  GROUP BY 1, 2, 3, 4;
  INSERT INTO relationship_facet_counts (org_id, user_id, facet, key, n)
  SELECT r.org_id, r.user_id, 'campaign', cr.campaign_id::text, count(*)::int
  FROM campaign_relationships cr JOIN relationships r ON r.id = cr.relationship_id
  WHERE cr.org_id = p_org AND r.deleted_at IS NULL
  GROUP BY 1, 2, 4;
END
$$;
--> statement-breakpoint
-- The search side table: names and notes, lower-cased, trigram-indexed; only written when they change.
CREATE OR REPLACE FUNCTION relationship_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only live relationships are searchable, so a search count can be read from this table alone.
  IF NEW.deleted_at IS NOT NULL THEN
    DELETE FROM relationship_search WHERE relationship_id = NEW.id;
    RETURN NULL;
  END IF;
  INSERT INTO relationship_search (relationship_id, org_id, user_id, doc)
  VALUES (NEW.id, NEW.org_id, NEW.user_id, lower(NEW.entity_name || ' ' || coalesce(NEW.entity_account, '') || ' ' || coalesce(NEW.next_steps, '')))
  ON CONFLICT (relationship_id) DO UPDATE SET user_id = EXCLUDED.user_id, doc = EXCLUDED.doc;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS relationships_search_sync ON relationships;
--> statement-breakpoint
CREATE TRIGGER relationships_search_sync AFTER INSERT OR UPDATE OF entity_name, entity_account, next_steps, user_id, deleted_at ON relationships
  FOR EACH ROW EXECUTE FUNCTION relationship_search_sync();
--> statement-breakpoint
-- Copies of entity fields follow their source rows.
CREATE OR REPLACE FUNCTION relationship_entity_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'persons' THEN
    UPDATE relationships r SET entity_name = NEW.first_name || ' ' || NEW.last_name, entity_email = NEW.email, entity_phone = NEW.phone
    WHERE r.org_id = NEW.org_id AND r.entity_type_id = 1 AND r.linked_entity_id = NEW.id
      AND (r.entity_name, r.entity_email, r.entity_phone) IS DISTINCT FROM (NEW.first_name || ' ' || NEW.last_name, NEW.email, NEW.phone);
  ELSIF TG_TABLE_NAME = 'clinicians' THEN
    UPDATE relationships r SET entity_specialty = NEW.specialty, entity_geography = NEW.geography, entity_city = NEW.city,
      entity_account = NEW.account, entity_title = NEW.title, entity_npi = NEW.npi, entity_employment_status = NEW.employment_status
    WHERE r.org_id = NEW.org_id AND r.entity_type_id = 1 AND r.linked_entity_id = NEW.person_id
      AND (r.entity_specialty, r.entity_geography, r.entity_city, r.entity_account, r.entity_title, r.entity_npi, r.entity_employment_status)
        IS DISTINCT FROM (NEW.specialty, NEW.geography, NEW.city, NEW.account, NEW.title, NEW.npi, NEW.employment_status);
  ELSE
    UPDATE relationships r SET entity_name = NEW.name, entity_email = NEW.email, entity_phone = NEW.phone, entity_specialty = NEW.specialty,
      entity_geography = NEW.geography, entity_city = NEW.city, entity_account = NEW.account, entity_title = NEW.title, entity_npi = NEW.npi,
      entity_employment_status = NEW.employment_status
    WHERE r.org_id = NEW.org_id AND r.entity_type_id = (CASE TG_TABLE_NAME WHEN 'claims_providers' THEN 2 ELSE 3 END) AND r.linked_entity_id = NEW.id
      AND (r.entity_name, r.entity_email, r.entity_phone, r.entity_specialty, r.entity_geography, r.entity_city, r.entity_account, r.entity_title, r.entity_npi, r.entity_employment_status)
        IS DISTINCT FROM (NEW.name, NEW.email, NEW.phone, NEW.specialty, NEW.geography, NEW.city, NEW.account, NEW.title, NEW.npi, NEW.employment_status);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS persons_relationship_sync ON persons;
--> statement-breakpoint
CREATE TRIGGER persons_relationship_sync AFTER UPDATE OF first_name, last_name, email, phone ON persons
  FOR EACH ROW EXECUTE FUNCTION relationship_entity_sync();
--> statement-breakpoint
DROP TRIGGER IF EXISTS clinicians_relationship_sync ON clinicians;
--> statement-breakpoint
CREATE TRIGGER clinicians_relationship_sync AFTER INSERT OR UPDATE ON clinicians
  FOR EACH ROW EXECUTE FUNCTION relationship_entity_sync();
--> statement-breakpoint
DROP TRIGGER IF EXISTS claims_providers_relationship_sync ON claims_providers;
--> statement-breakpoint
CREATE TRIGGER claims_providers_relationship_sync AFTER UPDATE ON claims_providers
  FOR EACH ROW EXECUTE FUNCTION relationship_entity_sync();
--> statement-breakpoint
DROP TRIGGER IF EXISTS sites_of_service_relationship_sync ON sites_of_service;
--> statement-breakpoint
CREATE TRIGGER sites_of_service_relationship_sync AFTER UPDATE ON sites_of_service
  FOR EACH ROW EXECUTE FUNCTION relationship_entity_sync();
--> statement-breakpoint
-- 040_products.sql
-- At most 3 active products per organization (002), safe under concurrent requests: activations of one
-- organization are serialized by a transaction-level advisory lock, then counted. SQLSTATE HC001 = limit.
CREATE OR REPLACE FUNCTION products_active_limit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  IF NEW.is_active AND (TG_OP = 'INSERT' OR NOT OLD.is_active OR OLD.org_id IS DISTINCT FROM NEW.org_id) THEN
    PERFORM pg_advisory_xact_lock(hashtext('products_active'), hashtext(NEW.org_id::text));
    SELECT count(*) INTO n FROM products p WHERE p.org_id = NEW.org_id AND p.is_active AND p.id <> NEW.id;
    IF n >= 3 THEN
      RAISE EXCEPTION 'at most 3 products can be active' USING ERRCODE = 'HC001';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_active_limit_trg ON products;
--> statement-breakpoint
CREATE TRIGGER products_active_limit_trg BEFORE INSERT OR UPDATE OF is_active, org_id ON products
  FOR EACH ROW EXECUTE FUNCTION products_active_limit();
--> statement-breakpoint
-- 041_appointments.sql
-- No double booking of a clinician: bookings of one clinician are serialized by an advisory lock, then
-- checked for overlap with every other non-cancelled appointment. SQLSTATE HC002 = overlap.
-- (An exclusion constraint would need btree_gist, which the embedded PGlite does not ship.)
CREATE OR REPLACE FUNCTION appointments_no_double_booking() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.clinician_user_id IS NOT NULL AND NEW.deleted_at IS NULL AND NEW.status <> 'cancelled' THEN
    PERFORM pg_advisory_xact_lock(hashtext('appointments_clinician'), hashtext(NEW.clinician_user_id::text));
    IF EXISTS (
      SELECT 1 FROM appointments a
      WHERE a.clinician_user_id = NEW.clinician_user_id AND a.id <> NEW.id AND a.deleted_at IS NULL
        AND a.status <> 'cancelled' AND a.starts_at < NEW.ends_at AND a.ends_at > NEW.starts_at
    ) THEN
      RAISE EXCEPTION 'the clinician already has an appointment at this time' USING ERRCODE = 'HC002';
    END IF;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS appointments_no_double_booking_trg ON appointments;
--> statement-breakpoint
CREATE TRIGGER appointments_no_double_booking_trg
  BEFORE INSERT OR UPDATE OF starts_at, ends_at, clinician_user_id, status, deleted_at ON appointments
  FOR EACH ROW EXECUTE FUNCTION appointments_no_double_booking();
