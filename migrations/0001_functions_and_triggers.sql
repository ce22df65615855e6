-- 010_timestamps.sql
-- Placeholder kept so the functions migration always exists; domains add their triggers in later files.
SELECT 1
