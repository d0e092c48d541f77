package chorus.fsindex.ignore;

import chorus.fsindex.ignore.Glob.AnyChar;
import chorus.fsindex.ignore.Glob.CharClass;
import chorus.fsindex.ignore.Glob.Group;
import chorus.fsindex.ignore.Glob.Literal;
import chorus.fsindex.ignore.Glob.Node;
import chorus.fsindex.ignore.Glob.Star;
import java.util.ArrayList;
import java.util.List;

/**
 * A glob compiled to a small NFA and run without backtracking (a Pike VM): every input character is
 * read once while all live states advance together, so a match costs at most
 * O(path length × pattern length) whatever the pattern. A backtracking regex engine can take
 * exponential-looking time on patterns like {@code *a*a*a*a*b} against a long name, and an included
 * ignore file may come from a peer.
 *
 * <p>Immutable and thread-safe; each match allocates its own small state lists.
 */
final class GlobProgram {
  private static final int CHAR = 0;
  private static final int ANY_BUT_SLASH = 1;
  private static final int ANY = 2;
  private static final int CLASS = 3;
  private static final int SPLIT = 4;
  private static final int JUMP = 5;
  private static final int MATCH = 6;

  private final int[] op;
  private final int[] arg;
  private final int[] next2;
  private final CharClass[] classes;
  private final boolean caseInsensitive;

  private GlobProgram(int[] op, int[] arg, int[] next2, CharClass[] classes, boolean caseInsensitive) {
    this.op = op;
    this.arg = arg;
    this.next2 = next2;
    this.classes = classes;
    this.caseInsensitive = caseInsensitive;
  }

  /** Compiles nodes that must match a whole path. */
  static GlobProgram compile(List<Node> nodes, boolean caseInsensitive) {
    Builder b = new Builder(caseInsensitive);
    b.sequence(nodes);
    b.emit(MATCH, 0, 0);
    return b.build();
  }

  /** True if the whole of {@code path} matches. */
  boolean matches(String path) {
    return run(path) == Result.MATCH;
  }

  /**
   * False only if no string that starts with {@code prefix} can match: some state is still alive
   * after reading it. (Conservative: a live state that can never reach the end still says true.)
   */
  boolean couldMatchExtensionOf(String prefix) {
    return run(prefix) != Result.DEAD;
  }

  private enum Result { DEAD, ALIVE, MATCH }

  private Result run(String input) {
    int n = op.length;
    int[] current = new int[n];
    int[] next = new int[n];
    int[] seen = new int[n]; // generation at which a state was last added
    int generation = 1;
    int currentSize = add(current, 0, seen, generation, 0);
    for (int i = 0; i < input.length(); ) {
      if (currentSize == 0) {
        return Result.DEAD;
      }
      int c = input.codePointAt(i);
      i += Character.charCount(c);
      int folded = caseInsensitive ? fold(c) : c;
      generation++;
      int nextSize = 0;
      for (int k = 0; k < currentSize; k++) {
        int pc = current[k];
        boolean advance = switch (op[pc]) {
          case CHAR -> arg[pc] == folded;
          case ANY_BUT_SLASH -> c != '/';
          case ANY -> true;
          case CLASS -> inClass(classes[arg[pc]], c);
          default -> false; // MATCH consumes nothing
        };
        if (advance) {
          nextSize = add(next, nextSize, seen, generation, pc + 1);
        }
      }
      int[] t = current;
      current = next;
      next = t;
      currentSize = nextSize;
    }
    if (currentSize == 0) {
      return Result.DEAD;
    }
    for (int k = 0; k < currentSize; k++) {
      if (op[current[k]] == MATCH) {
        return Result.MATCH;
      }
    }
    return Result.ALIVE;
  }

  /** Adds state {@code pc} and what it reaches without reading, once per generation. */
  private int add(int[] list, int size, int[] seen, int generation, int pc) {
    if (seen[pc] == generation) {
      return size;
    }
    seen[pc] = generation;
    switch (op[pc]) {
      case JUMP -> {
        return add(list, size, seen, generation, arg[pc]);
      }
      case SPLIT -> {
        size = add(list, size, seen, generation, arg[pc]);
        return add(list, size, seen, generation, next2[pc]);
      }
      default -> {
        list[size] = pc;
        return size + 1;
      }
    }
  }

  private boolean inClass(CharClass cls, int c) {
    if (c == '/') {
      return false;
    }
    boolean in = inRanges(cls.ranges(), c);
    if (!in && caseInsensitive) {
      int upper = Character.toUpperCase(c);
      int lower = Character.toLowerCase(c);
      in = inRanges(cls.ranges(), upper) || inRanges(cls.ranges(), lower)
          || inRanges(cls.ranges(), Character.toLowerCase(upper)) || inRanges(cls.ranges(), Character.toUpperCase(lower));
    }
    return in != cls.negated();
  }

  private static boolean inRanges(int[] ranges, int c) {
    for (int i = 0; i < ranges.length; i += 2) {
      if (c >= ranges[i] && c <= ranges[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** The per-character case folding of java.util.regex's UNICODE_CASE: lower case of upper case. */
  static int fold(int c) {
    if (c < 0x80) {
      return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  /** Thompson construction into flat arrays; addresses of forward jumps are patched in place. */
  private static final class Builder {
    private final boolean caseInsensitive;
    private final List<int[]> code = new ArrayList<>(); // {op, arg, next2}
    private final List<CharClass> classes = new ArrayList<>();

    Builder(boolean caseInsensitive) {
      this.caseInsensitive = caseInsensitive;
    }

    int emit(int op, int arg, int next2) {
      code.add(new int[] {op, arg, next2});
      return code.size() - 1;
    }

    int here() {
      return code.size();
    }

    void sequence(List<Node> nodes) {
      for (Node n : nodes) {
        node(n);
      }
    }

    void node(Node n) {
      if (n instanceof Literal l) {
        emit(CHAR, caseInsensitive ? fold(l.codePoint()) : l.codePoint(), 0);
      } else if (n instanceof AnyChar) {
        emit(ANY_BUT_SLASH, 0, 0);
      } else if (n instanceof Star s) {
        // loop: SPLIT body, out; body: one character; JUMP loop; out:
        int loop = emit(SPLIT, 0, 0);
        emit(s.crossesSlash() ? ANY : ANY_BUT_SLASH, 0, 0);
        emit(JUMP, loop, 0);
        code.get(loop)[1] = loop + 1;
        code.get(loop)[2] = here();
      } else if (n instanceof CharClass c) {
        classes.add(c);
        emit(CLASS, classes.size() - 1, 0);
      } else if (n instanceof Group g) {
        // Each alternative but the last: SPLIT it, rest; it; JUMP end.
        List<Integer> jumpsToEnd = new ArrayList<>();
        List<List<Node>> alternatives = g.alternatives();
        for (int i = 0; i < alternatives.size() - 1; i++) {
          int split = emit(SPLIT, 0, 0);
          code.get(split)[1] = split + 1;
          sequence(alternatives.get(i));
          jumpsToEnd.add(emit(JUMP, 0, 0));
          code.get(split)[2] = here();
        }
        sequence(alternatives.get(alternatives.size() - 1));
        for (int j : jumpsToEnd) {
          code.get(j)[1] = here();
        }
      } else {
        throw new IllegalArgumentException("unknown glob node " + n);
      }
    }

    GlobProgram build() {
      int n = code.size();
      int[] op = new int[n];
      int[] arg = new int[n];
      int[] next2 = new int[n];
      for (int i = 0; i < n; i++) {
        op[i] = code.get(i)[0];
        arg[i] = code.get(i)[1];
        next2[i] = code.get(i)[2];
      }
      return new GlobProgram(op, arg, next2, classes.toArray(new CharClass[0]), caseInsensitive);
    }
  }
}
