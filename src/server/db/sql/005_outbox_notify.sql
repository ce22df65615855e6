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
