package chorus.fsindex.store;

import chorus.core.id.FolderId;

/** Where this device holds a chunk: a file of a folder, at an offset. */
public record ChunkLocation(FolderId folder, String path, long offset, int length) {}
