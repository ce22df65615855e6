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
