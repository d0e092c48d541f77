-- chorus's per-host state. Every host has its own rows: Bucardo must never replicate this schema
-- (chorus bucardo plan leaves it out of the relgroup).

CREATE TABLE chorus.file_state (
  folder       text        NOT NULL,
  path         text        NOT NULL,
  content_hash text,                    -- hex SHA-256 over the chunk hashes; null while pending
  size         bigint,
  mtime        timestamptz,
  state        text        NOT NULL CHECK (state IN ('present', 'missing', 'pending', 'conflict')),
  song_id      bigint,                  -- the song row the path links to, if any
  md5          text,                    -- base64 MD5 of the content (ActiveStorage's checksum form), when computed
  md5_of       text,                    -- the content_hash md5 was computed for
  checksum_ok  boolean,                 -- ActiveStorage: does md5 equal the blob's checksum (null: not checked)
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (folder, path)
);
CREATE INDEX file_state_song ON chorus.file_state (song_id) WHERE song_id IS NOT NULL;
CREATE INDEX file_state_pending ON chorus.file_state (folder, updated_at) WHERE state = 'pending';
CREATE INDEX file_state_content ON chorus.file_state (folder, content_hash); -- moves seen as delete + add

-- Song rows changed in this database, written by chorus.song_changed() (a trigger enabled ALWAYS, so it
-- fires for the app's own writes and for rows Bucardo applies in replica sessions). The bridge consumes
-- and deletes them; they cover any time the daemon was away (NOTIFY alone is not durable).
CREATE TABLE chorus.song_events (
  id      bigserial   PRIMARY KEY,
  song_id bigint      NOT NULL,
  op      text        NOT NULL,
  replica boolean     NOT NULL,
  at      timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Where the bridge stands in this device's change feed, written in the same transaction as the changes
-- it applied: nothing is lost, nothing applied twice.
CREATE TABLE chorus.bridge_position (
  one       boolean     PRIMARY KEY DEFAULT true CHECK (one),
  feed_seq  bigint      NOT NULL DEFAULT 0,
  linked_at timestamptz              -- the last full link
);
INSERT INTO chorus.bridge_position DEFAULT VALUES;

CREATE FUNCTION chorus.song_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_json jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
  sid bigint;
BEGIN
  -- TG_ARGV[0]: the column holding the song's id; TG_ARGV[1]: a record_type the row must have (ActiveStorage)
  IF TG_NARGS > 1 AND row_json ->> 'record_type' IS DISTINCT FROM TG_ARGV[1] THEN
    RETURN NULL;
  END IF;
  sid := (row_json ->> TG_ARGV[0])::bigint;
  IF sid IS NULL THEN
    RETURN NULL;
  END IF;
  INSERT INTO chorus.song_events (song_id, op, replica)
    VALUES (sid, TG_OP, current_setting('session_replication_role') = 'replica');
  PERFORM pg_notify('chorus_songs', sid::text);
  RETURN NULL;
END
$$;

COMMENT ON SCHEMA chorus IS 'chorus per-host state: never replicate';
