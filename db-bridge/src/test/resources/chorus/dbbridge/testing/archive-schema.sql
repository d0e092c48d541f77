-- A Rails-like archive_production schema for tests, as `rails db:schema:load` makes it on PostgreSQL 15:
-- bigserial ids, timestamps, an ActiveStorage pair, a join table without a primary key, and the two
-- bookkeeping tables Rails keeps (which must never be replicated).
CREATE TABLE schema_migrations (version character varying NOT NULL PRIMARY KEY);
CREATE TABLE ar_internal_metadata (
  key character varying NOT NULL PRIMARY KEY,
  value character varying,
  created_at timestamp(6) without time zone NOT NULL,
  updated_at timestamp(6) without time zone NOT NULL);
CREATE TABLE artists (
  id bigserial PRIMARY KEY,
  name character varying NOT NULL,
  created_at timestamp(6) without time zone NOT NULL DEFAULT now(),
  updated_at timestamp(6) without time zone NOT NULL DEFAULT now());
CREATE TABLE albums (
  id bigserial PRIMARY KEY,
  title character varying NOT NULL,
  artist_id bigint REFERENCES artists (id),
  created_at timestamp(6) without time zone NOT NULL DEFAULT now(),
  updated_at timestamp(6) without time zone NOT NULL DEFAULT now());
CREATE TABLE songs (
  id bigserial PRIMARY KEY,
  title character varying NOT NULL,
  album_id bigint REFERENCES albums (id),
  duration integer,
  file_path character varying,
  created_at timestamp(6) without time zone NOT NULL DEFAULT now(),
  updated_at timestamp(6) without time zone NOT NULL DEFAULT now());
CREATE INDEX index_songs_on_file_path ON songs (file_path);
-- has_and_belongs_to_many: Rails makes it without a primary key.
CREATE TABLE albums_artists (album_id bigint NOT NULL, artist_id bigint NOT NULL);
CREATE TABLE active_storage_blobs (
  id bigserial PRIMARY KEY,
  key character varying NOT NULL,
  filename character varying NOT NULL,
  content_type character varying,
  metadata text,
  service_name character varying NOT NULL DEFAULT 'local',
  byte_size bigint NOT NULL,
  checksum character varying,
  created_at timestamp(6) without time zone NOT NULL DEFAULT now());
CREATE UNIQUE INDEX index_active_storage_blobs_on_key ON active_storage_blobs (key);
CREATE TABLE active_storage_attachments (
  id bigserial PRIMARY KEY,
  name character varying NOT NULL,
  record_type character varying NOT NULL,
  record_id bigint NOT NULL,
  blob_id bigint NOT NULL REFERENCES active_storage_blobs (id),
  created_at timestamp(6) without time zone NOT NULL DEFAULT now());
CREATE UNIQUE INDEX index_active_storage_attachments_uniqueness
  ON active_storage_attachments (record_type, record_id, name, blob_id);
INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240301000000');
INSERT INTO ar_internal_metadata VALUES ('environment', 'production', now(), now());
