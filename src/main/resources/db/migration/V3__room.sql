-- Room for what users may send: a run may publish many ports, and a request body may be up to 1 MB.
-- SET DATA TYPE is the SQL standard's spelling, understood by H2 and PostgreSQL alike.
ALTER TABLE jobs ALTER COLUMN ports SET DATA TYPE VARCHAR(100000);
ALTER TABLE jobs ALTER COLUMN params SET DATA TYPE VARCHAR(1000000);
ALTER TABLE jobs ALTER COLUMN target SET DATA TYPE VARCHAR(2000);
