package chorus.dbbridge.state;

import java.time.Instant;

/**
 * What this host has at a path, as the per-host table records it.
 *
 * @param contentHash hex content hash
 * @param conflict true for a conflict copy (the loser of a concurrent edit)
 * @param md5 base64 MD5 of the bytes, or null when the link rule has no checksums
 */
public record FileFacts(String path, String contentHash, long size, Instant mtime, boolean conflict, String md5) {}
