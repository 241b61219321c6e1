-- Job logs in the database, one row per line, so that every node of a cluster reads them, also after the node that
-- ran the job is gone. Used with PostgreSQL only; with the embedded H2 the logs stay in files under the data
-- directory and this table stays empty (the SQL is portable so both databases take the same migrations).
-- n counts from 1 across the job; ts is the engine's timestamp of a container's line (RFC 3339, nanoseconds), kept as
-- text since it must come back exactly; text is escaped (PostgreSQL text cannot hold NUL, see store.PgLogText).
-- No reference to jobs: a line is stored on its job's hot path, and retention deletes the lines with the job.
CREATE TABLE log_lines (
  job_id VARCHAR(36) NOT NULL,
  n BIGINT NOT NULL,
  stream VARCHAR(6) NOT NULL,
  ts VARCHAR(40),
  text VARCHAR NOT NULL,
  PRIMARY KEY (job_id, n)
);
