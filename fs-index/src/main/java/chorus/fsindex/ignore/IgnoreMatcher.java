package chorus.fsindex.ignore;

import chorus.fsindex.scan.InternalFiles;
import chorus.fsindex.scan.ScanFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A folder's ignore patterns: the {@code .chorusignore} file at the folder root in Syncthing's
 * {@code .stignore} syntax (see {@link IgnoreFileParser} and docs/ARCHITECTURE.md), plus chorus's own
 * files, which are always ignored whatever the patterns say: names starting with {@code .chorus-tmp.}
 * at any depth (and anything below such a name) and the root {@code .chorusignore} itself, which, like
 * Syncthing's {@code .stignore}, is local to each device. The first matching pattern decides.
 *
 * <p>Immutable and thread-safe; each pattern is compiled once to a small NFA ({@link GlobProgram}) that
 * never backtracks, behind a substring pre-check.
 * Paths are relative to the folder root, {@code /}-separated and NFC (the {@link ScanFilter} contract).
 * Whether a path is a directory does not change the outcome: the syntax has no directory-only
 * pattern ({@code foo/} means "what is inside foo").
 */
public final class IgnoreMatcher implements ScanFilter {
  private static final String TEMP_PREFIX = InternalFiles.TEMP_PREFIX;
  private static final String IGNORE_FILE_NAME = InternalFiles.IGNORE_FILE;

  private static final IgnoreMatcher INTERNAL_ONLY = new IgnoreMatcher(List.of());

  private final IgnoreRule[] rules;

  private IgnoreMatcher(List<IgnoreRule> rules) {
    this.rules = rules.toArray(new IgnoreRule[0]);
  }

  /** Only chorus's own files are ignored. */
  public static IgnoreMatcher internalOnly() {
    return INTERNAL_ONLY;
  }

  /**
   * Reads {@code folderRoot/.chorusignore} and what it includes. A missing file means only the
   * internal rules; an unreadable or malformed one is an error naming the file and line.
   */
  public static IgnoreMatcher load(Path folderRoot) throws IOException {
    Objects.requireNonNull(folderRoot, "folderRoot");
    Path file = folderRoot.resolve(IGNORE_FILE_NAME);
    if (!Files.exists(file)) {
      return INTERNAL_ONLY;
    }
    List<String> lines = IgnoreFileParser.readLines(file, IGNORE_FILE_NAME);
    IgnoreFileParser parser = new IgnoreFileParser(folderRoot);
    parser.parseTopLevel(lines, IGNORE_FILE_NAME, file);
    return of(parser.rules());
  }

  /**
   * Compiles {@code lines} that are not backed by a folder; {@code source} names them in errors.
   * {@code #include} lines are rejected, there being nothing to include from.
   */
  public static IgnoreMatcher parse(List<String> lines, String source) throws IgnoreSyntaxException {
    IgnoreFileParser parser = new IgnoreFileParser(null);
    try {
      parser.parse(lines, source, null);
    } catch (IgnoreSyntaxException e) {
      throw e;
    } catch (IOException e) {
      throw new IllegalStateException("no I/O without a folder root", e);
    }
    return of(parser.rules());
  }

  /**
   * Compiles {@code lines} as if they were the ignore file of {@code folderRoot}: {@code #include}
   * reads files relative to the root (and nested includes relative to the including file).
   */
  public static IgnoreMatcher parse(List<String> lines, String source, Path folderRoot) throws IOException {
    Objects.requireNonNull(folderRoot, "folderRoot");
    IgnoreFileParser parser = new IgnoreFileParser(folderRoot);
    Path self;
    try {
      self = folderRoot.resolve(source);
    } catch (InvalidPathException e) {
      self = null;
    }
    parser.parseTopLevel(lines, source, self);
    return of(parser.rules());
  }

  private static IgnoreMatcher of(List<IgnoreRule> rules) {
    return rules.isEmpty() ? INTERNAL_ONLY : new IgnoreMatcher(rules);
  }

  /** True for chorus's own files, which no pattern can un-ignore. */
  public static boolean isInternal(String relativePath) {
    if (!relativePath.contains(".chorus")) {
      return false; // every internal name starts with ".chorus": most paths stop here
    }
    int start = 0;
    while (start <= relativePath.length()) {
      int end = relativePath.indexOf('/', start);
      if (end < 0) {
        end = relativePath.length();
      }
      String segment = relativePath.substring(start, end);
      // The ignore file is ours at the root only; an included file of that name deeper down is the user's.
      if (InternalFiles.isInternal(segment) && (start == 0 || !segment.equals(IGNORE_FILE_NAME))) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  @Override
  public boolean isIgnored(String relativePath, boolean directory) {
    return decide(relativePath) != Decision.INCLUDED;
  }

  /**
   * True if the path is ignored by a pattern with the {@code (?d)} prefix (or is a chorus temp file),
   * so it may be deleted when it is all that keeps a directory from being removed.
   */
  public boolean isDeletable(String relativePath) {
    return decide(relativePath) == Decision.IGNORED_DELETABLE;
  }

  @Override
  public boolean canSkipDirectory(String relativePath) {
    if (relativePath.isEmpty()) {
      return false;
    }
    if (isInternal(relativePath)) {
      return true;
    }
    int k = firstMatch(relativePath);
    if (k < 0 || rules[k].negated()) {
      return false;
    }
    // Rule k matches everything below the directory too, so only an earlier negation can
    // decide differently for something inside it; a later one never gets the chance.
    for (int j = 0; j < k; j++) {
      if (rules[j].negated() && rules[j].couldMatchBelow(relativePath)) {
        return false;
      }
    }
    return true;
  }

  /** The patterns in force, in order, each as {@code source:line: text}. */
  public List<String> patterns() {
    List<String> out = new ArrayList<>(rules.length);
    for (IgnoreRule r : rules) {
      out.add(r.toString());
    }
    return out;
  }

  private Decision decide(String path) {
    if (path.isEmpty()) {
      return Decision.INCLUDED;
    }
    if (isInternal(path)) {
      boolean ours = path.equals(IGNORE_FILE_NAME) || path.startsWith(IGNORE_FILE_NAME + "/");
      return ours ? Decision.IGNORED : Decision.IGNORED_DELETABLE;
    }
    int k = firstMatch(path);
    if (k < 0 || rules[k].negated()) {
      return Decision.INCLUDED;
    }
    return rules[k].deletable() ? Decision.IGNORED_DELETABLE : Decision.IGNORED;
  }

  private int firstMatch(String path) {
    IgnoreRule.Candidate candidate = new IgnoreRule.Candidate(path);
    for (int i = 0; i < rules.length; i++) {
      if (rules[i].matches(candidate)) {
        return i;
      }
    }
    return -1;
  }

  private enum Decision { INCLUDED, IGNORED, IGNORED_DELETABLE }

  @Override
  public String toString() {
    return "IgnoreMatcher" + patterns();
  }
}
