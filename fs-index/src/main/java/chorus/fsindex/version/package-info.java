/**
 * Versioning: the old copies of files that sync replaces or deletes, kept in {@code .chorus-versions/}
 * inside the folder, trimmed by the folder's scheme (trash can, simple, staggered), listed and restored.
 */
package chorus.fsindex.version;
