package org.linli.server.store;

/** What the codecs of stored documents share. */
final class StoredFormats {
  private StoredFormats() {}

  /**
   * Refuses a document written in a newer format than this Linli's {@code current}: a member that
   * cannot read it must stop and be upgraded, not guess.
   *
   * @param what the kind of document and its id, such as {@code case c-1}
   */
  static void requireReadable(int version, int current, String what) {
    if (version > current) {
      throw new IllegalStateException(
          what
              + " is stored in format "
              + version
              + ", newer than this Linli's "
              + current
              + "; upgrade this member");
    }
  }
}
