-- The node registry: every node of Slipway writes its own row every few seconds (cluster.NodeVerticle); a row not
-- written for 20 s is a gone node. Portable SQL (H2 and PostgreSQL): times are epoch milliseconds.
CREATE TABLE nodes (
  name VARCHAR(64) PRIMARY KEY,
  roles VARCHAR(32) NOT NULL,
  engine_version VARCHAR(64),
  reachable BOOLEAN NOT NULL,
  running INT NOT NULL,
  queued INT NOT NULL,
  build_slots INT NOT NULL,
  cpus INT NOT NULL,
  started_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  -- Set by a node that stops cleanly, so the others know it is gone at once instead of 20 s later.
  stopped BOOLEAN DEFAULT FALSE NOT NULL
);
-- Each node counts its running and queued jobs every few seconds.
CREATE INDEX jobs_node_state ON jobs(node, state);
