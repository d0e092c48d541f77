package chorus.core.port;

import chorus.core.id.FolderId;

/**
 * Which needed paths the sync engine pulls before the others. The catalog bridge says: the files of song
 * rows that reached this host before their files did (the catalog lists them, a user may be about to play
 * them). The engine asks for every path it is about to order; implementations answer from memory, fast,
 * and are thread-safe.
 */
@FunctionalInterface
public interface PullPriority {
  /** Nothing is urgent: the engine's own order (paths in order). */
  PullPriority NONE = (folder, path) -> false;

  boolean urgent(FolderId folder, String path);
}
