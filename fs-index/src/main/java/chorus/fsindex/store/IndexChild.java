package chorus.fsindex.store;

/**
 * A name directly inside a directory, as the index knows it: its record's metadata if it has one, and
 * whether the index holds anything below it.
 *
 * @param stat null if there is no record for the name itself, only records below it
 */
public record IndexChild(String name, StoredStat stat, boolean hasDescendants) {}
