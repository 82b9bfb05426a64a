package org.linli.server.store;

/**
 * What of a stored document is encrypted at rest: {@link #seal} before a document is written to its
 * table, {@link #open} when it is read back, so memory (the cluster's maps) holds it in clear and
 * the database never does. Thread-safe.
 */
public interface Sealing {
  /** The document as the table keeps it. */
  String seal(String id, String json);

  /** The document as the table gave it, opened. */
  String open(String id, String json);

  /** Nothing sealed: documents that hold no personal data. */
  Sealing NONE =
      new Sealing() {
        @Override
        public String seal(String id, String json) {
          return json;
        }

        @Override
        public String open(String id, String json) {
          return json;
        }
      };
}
