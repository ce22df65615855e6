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
