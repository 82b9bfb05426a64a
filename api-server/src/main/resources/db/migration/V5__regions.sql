-- Administrative regions as the cluster map holds them: one row per region id (adcode, or level:name), the
-- region's JSON document with its boundary as GeoJSON. A boundary can pass a million characters, so the document
-- is a large object on H2 (regions are written only by imports).
CREATE TABLE regions (
  id        VARCHAR(200) PRIMARY KEY,
  doc       ${large_text_type} NOT NULL,
  stored_at TIMESTAMP WITH TIME ZONE NOT NULL
);
