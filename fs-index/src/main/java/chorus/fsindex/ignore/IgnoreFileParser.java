package chorus.fsindex.ignore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the lines of an ignore file (and the files it includes) into rules, in order. Syncthing's
 * {@code .stignore} rules: lines are trimmed and NFC-normalised; blank lines and {@code //} comments
 * are skipped; {@code !}, {@code (?i)} and {@code (?d)} prefixes come in any order, each at most once;
 * a leading {@code /} anchors to the folder root, otherwise the pattern matches at any depth; a trailing
 * {@code /} means "the contents of", and any other pattern also covers everything below what it
 * matches. {@code #include name} reads another file, relative to the including file, which must stay
 * inside the folder; loops are errors, a file included twice is read once.
 */
final class IgnoreFileParser {
  static final int MAX_FILE_BYTES = 1 << 20;
  private static final int MAX_INCLUDE_DEPTH = 16;
  /** Optional {@code **}{@code /} in front: an unanchored pattern matches at any depth. */
  private static final Glob.Node ANY_DIRECTORY_PREFIX = new Glob.Group(List.of(
      List.of(), List.of(new Glob.Star(true), new Glob.Literal('/'))));
  /** Optional {@code /**} behind: a match covers everything below it. */
  private static final Glob.Node ANYTHING_BELOW = new Glob.Group(List.of(
      List.of(), List.of(new Glob.Literal('/'), new Glob.Star(true))));
  private static final Pattern UNKNOWN_PREFIX = Pattern.compile("^\\(\\?[A-Za-z]+\\).*", Pattern.DOTALL);

  private final Path folderRoot;
  private Path realRoot;
  private final List<IgnoreRule> rules = new ArrayList<>();
  private final Set<String> seenPatterns = new HashSet<>();
  private final Deque<Path> includeStack = new ArrayDeque<>();
  private final Set<Path> included = new HashSet<>();

  /** {@code folderRoot} may be null, in which case {@code #include} is an error. */
  IgnoreFileParser(Path folderRoot) {
    this.folderRoot = folderRoot == null ? null : folderRoot.toAbsolutePath().normalize();
  }

  List<IgnoreRule> rules() {
    return List.copyOf(rules);
  }

  /** Parses {@code lines} named {@code source}; includes resolve against {@code sourceDir}. */
  void parse(List<String> lines, String source, Path sourceDir) throws IOException {
    for (int n = 0; n < lines.size(); n++) {
      String raw = lines.get(n);
      if (raw == null) {
        continue;
      }
      if (n == 0 && raw.startsWith("\uFEFF")) {
        raw = raw.substring(1);
      }
      String line = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
      if (line.isEmpty() || line.startsWith("//")) {
        continue;
      }
      if (line.startsWith("#include")) {
        include(line, source, n + 1, sourceDir);
      } else if (line.startsWith("#escape=")) {
        if (!line.equals("#escape=\\")) {
          throw new IgnoreSyntaxException(source, n + 1, line, "only '\\' is supported as the escape character");
        }
      } else if (seenPatterns.add(line)) {
        rules.add(compile(line, source, n + 1));
      }
    }
  }

  static IgnoreRule compile(String line, String source, int lineNo) throws IgnoreSyntaxException {
    boolean negated = false;
    boolean caseInsensitive = false;
    boolean deletable = false;
    String p = line;
    while (true) {
      if (p.startsWith("!") && !negated) {
        negated = true;
        p = p.substring(1);
      } else if (p.startsWith("(?i)") && !caseInsensitive) {
        caseInsensitive = true;
        p = p.substring(4);
      } else if (p.startsWith("(?d)") && !deletable) {
        deletable = true;
        p = p.substring(4);
      } else if (UNKNOWN_PREFIX.matcher(p).matches()) {
        throw new IgnoreSyntaxException(source, lineNo, line,
            "unknown or repeated prefix " + p.substring(0, p.indexOf(')') + 1)
                + "; only (?i) and (?d) are supported, each at most once");
      } else {
        break;
      }
    }
    if (p.isEmpty()) {
      throw new IgnoreSyntaxException(source, lineNo, line, "missing pattern after the prefixes");
    }
    if (p.startsWith("#include")) {
      throw new IgnoreSyntaxException(source, lineNo, line, "#include cannot take a prefix");
    }
    boolean contentsOnly = false;
    boolean alreadyCoversBelow = p.endsWith("/**");
    if (!alreadyCoversBelow && p.endsWith("/")) {
      p = p + "**"; // "foo/" is what is inside foo
      contentsOnly = true;
    }
    boolean anchored = p.startsWith("/");
    String body = anchored ? p.substring(1) : p;
    if (!anchored && body.startsWith("**/")) {
      body = body.substring(3); // the head below says the same, and also matches at the root
    }
    List<Glob.Node> nodes = new ArrayList<>();
    if (!anchored) {
      nodes.add(ANY_DIRECTORY_PREFIX); // (**/)? : at any depth
    }
    try {
      nodes.addAll(Glob.parse(body));
    } catch (Glob.GlobException e) {
      throw new IgnoreSyntaxException(source, lineNo, line, e.getMessage());
    }
    if (!alreadyCoversBelow && !contentsOnly) {
      nodes.add(ANYTHING_BELOW); // (/**)? : and everything below it
    }
    return IgnoreRule.of(line, source, lineNo, negated, caseInsensitive, deletable, nodes);
  }

  private void include(String line, String source, int lineNo, Path sourceDir) throws IOException {
    if (line.length() > "#include".length() && !Character.isWhitespace(line.charAt("#include".length()))) {
      throw new IgnoreSyntaxException(source, lineNo, line, "#include must be followed by a space and a file name");
    }
    String name = line.substring("#include".length()).strip();
    if (name.isEmpty()) {
      throw new IgnoreSyntaxException(source, lineNo, line, "#include without a file name");
    }
    if (folderRoot == null || sourceDir == null) {
      throw new IgnoreSyntaxException(source, lineNo, line,
          "#include is not available here: the patterns were given without a folder to read files from");
    }
    if (includeStack.size() >= MAX_INCLUDE_DEPTH) {
      throw new IgnoreSyntaxException(source, lineNo, line, "includes nested deeper than " + MAX_INCLUDE_DEPTH);
    }
    Path target = sourceDir.resolve(name).normalize();
    if (!target.startsWith(folderRoot)) {
      throw new IgnoreSyntaxException(source, lineNo, line, "included file is outside the folder");
    }
    Path real;
    try {
      real = target.toRealPath();
      if (realRoot == null) {
        realRoot = folderRoot.toRealPath();
      }
    } catch (NoSuchFileException e) {
      throw new IgnoreSyntaxException(source, lineNo, line, "included file not found");
    } catch (IOException e) {
      throw new IgnoreSyntaxException(source, lineNo, line, "included file cannot be read: " + e);
    }
    if (!real.startsWith(realRoot)) {
      throw new IgnoreSyntaxException(source, lineNo, line, "included file is outside the folder (through a link)");
    }
    String includedName = realRoot.relativize(real).toString();
    if (includeStack.contains(real)) {
      StringBuilder chain = new StringBuilder();
      for (java.util.Iterator<Path> it = includeStack.descendingIterator(); it.hasNext(); ) {
        chain.append(realRoot.relativize(it.next())).append(" -> ");
      }
      throw new IgnoreSyntaxException(source, lineNo, line, "include loop: " + chain + includedName);
    }
    if (!included.add(real)) {
      return; // already read earlier: its rules are in force before this point
    }
    List<String> lines = readLines(real, includedName);
    includeStack.push(real);
    try {
      parse(lines, includedName, real.getParent());
    } catch (IgnoreSyntaxException e) {
      throw e.includedFrom(source, lineNo);
    } finally {
      includeStack.pop();
    }
  }

  /** The top-level file, whose own path may be anything: start the include stack with it. */
  void parseTopLevel(List<String> lines, String source, Path file) throws IOException {
    Path real = null;
    if (file != null && Files.exists(file)) {
      real = file.toRealPath();
      includeStack.push(real);
      included.add(real);
    }
    try {
      parse(lines, source, folderRoot);
    } finally {
      if (real != null) {
        includeStack.pop();
      }
    }
  }

  /** Reads a UTF-8 text file of bounded size into lines; any problem names the file. */
  static List<String> readLines(Path file, String source) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new IgnoreSyntaxException(source, 1, null,
          "file is " + size + " bytes; more than " + MAX_FILE_BYTES + " is not an ignore file");
    }
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer chars = CharBuffer.allocate(bytes.length);
    CoderResult result = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(in, chars, true);
    if (result.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new IgnoreSyntaxException(source, line, null, "not valid UTF-8 (byte offset " + in.position() + ")");
    }
    String text = chars.flip().toString();
    return text.lines().toList();
  }
}
