-- A build's timeline, its comparison with the previous build and its reproducibility record, as the Docker worker
-- reports them (JSON text, like params). build_key says what a job builds (app:NAME, or tag:TAG for an uploaded
-- context; null for a run): a build is compared with the newest successful build of the same key.
ALTER TABLE jobs ADD COLUMN build_key VARCHAR(2100);
ALTER TABLE jobs ADD COLUMN build_facts VARCHAR(1000000);
CREATE INDEX jobs_build_key ON jobs(build_key, created_at);
