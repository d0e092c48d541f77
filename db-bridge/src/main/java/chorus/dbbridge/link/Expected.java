package chorus.dbbridge.link;

/**
 * A song and the file the catalog says it has.
 *
 * @param path the file's path relative to the folder root, or null when the song names no file
 * @param checksum the base64 MD5 the catalog holds for the file (ActiveStorage), or null
 */
public record Expected(long songId, String path, String checksum) {}
