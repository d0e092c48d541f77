package chorus.fsindex.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IgnoreMatcherTest {
  @TempDir Path root;

  private static IgnoreMatcher rules(String... lines) throws IgnoreSyntaxException {
    return IgnoreMatcher.parse(Arrays.asList(lines), "test");
  }

  // ---- errors name the file and line ----

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "[              | unbalanced '['",
      "/[             | unbalanced '['",
      "**/[           | unbalanced '['",
      "a[b-           | unbalanced '['",
      "a{b            | unbalanced '{'",
      "{a,{b}         | unbalanced '{'",
      "a\\            | dangling escape",
      "[z-a]          | empty range",
      "!              | missing pattern",
      "(?i)           | missing pattern",
      "(?x)foo        | unknown or repeated prefix (?x)",
      "(?i)(?i)foo    | unknown or repeated prefix (?i)",
      "!#include x    | #include cannot take a prefix",
      "#include       | without a file name",
      "#includefoo    | followed by a space",
      "#include x     | not available here",
      "#escape=/      | only '\\' is supported",
  })
  void badLinesAreRejectedWithFileAndLine(String bad, String reason) {
    IgnoreSyntaxException e = assertThrows(IgnoreSyntaxException.class,
        () -> IgnoreMatcher.parse(List.of("ok", "", "// comment", bad), "my.ignore"));
    assertTrue(e.getMessage().startsWith("my.ignore:4: "), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertEquals("my.ignore", e.source());
    assertEquals(4, e.line());
  }

  @Test
  void escapeDirectiveWithBackslashIsAccepted() throws Exception {
    assertTrue(rules("#escape=\\", "a\\*").isIgnored("a*", false));
  }

  @Test
  void aPeersPathIsIgnoredWhenItOrADirectoryAboveItIs() throws Exception {
    IgnoreMatcher m = rules("/Incoming", "*.tmp", "!/Keep");
    assertTrue(m.isIgnored("Incoming", false));
    assertTrue(m.isIgnored("Incoming/album/song.flac", false), "under an ignored directory: the scan never gets there");
    assertTrue(m.isIgnored("album/part.tmp", false));
    assertFalse(m.isIgnored("album/song.flac", false));
    assertFalse(m.isIgnored("Keep", false));
    assertFalse(m.isIgnored("Music/Incoming/song.flac", false), "anchored at the root only");
    assertTrue(IgnoreMatcher.internalOnly().isIgnored(".chorus-versions/a.flac", false), "chorus's own names always are");
  }

  // ---- (?d) ----

  @Test
  void deletableIsKeptAsAFlag() throws Exception {
    IgnoreMatcher m = rules("(?d).DS_Store", "Thumbs.db", "!(?d)keep");
    assertTrue(m.isDeletable("a/.DS_Store"));
    assertTrue(m.isIgnored("a/Thumbs.db", false));
    assertFalse(m.isDeletable("a/Thumbs.db"));
    assertFalse(m.isDeletable("keep"));
    assertFalse(m.isDeletable("other"));
    assertTrue(m.isDeletable(".chorus-tmp.x"), "our own temp files may always go");
    assertFalse(m.isDeletable(".chorusignore"));
  }

  // ---- canSkipDirectory ----

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "/music                | music        | true",
      "/music                | music/a      | true",
      "/music                | other        | false",
      "!/music/keep⏎/music   | music        | false",
      "!/music/keep⏎/music   | music/other  | true",
      "!/music/keep⏎/music   | music/keep   | false",
      "!*.flac⏎tmp           | tmp          | false",
      "tmp⏎!*.flac           | tmp          | true",
      "!/a/b/c⏎/x            | x            | true",
      "!/a/b/c⏎/a            | a            | false",
      "!/a/*/c⏎/a            | a            | false",
      "!/a/**/c⏎/b           | b            | true",
      "!(?i)/Music/keep⏎music| music        | false",
      "!/*.flac⏎/dir         | dir          | true",
      "foo/                  | foo          | false",
      "foo/                  | foo/bar      | true",
      "*                     | a            | true",
      "!keep⏎*               | a            | false",
      "x                     | .chorus-tmp.d| true",
      "!**⏎x                 | .chorus-tmp.d| true",
      "x                     | ''           | false",
  })
  void canSkipDirectoryOnlyWhenNothingBelowCanComeBack(String patterns, String dir, boolean skip) throws Exception {
    IgnoreMatcher m = IgnoreMatcher.parse(Arrays.asList(patterns.split("⏎")), "test");
    assertEquals(skip, m.canSkipDirectory(dir), m::toString);
  }

  /**
   * Soundness on random rule sets: whenever a directory may be skipped, every path below it that we
   * try is ignored. Also checks the answer is not trivially "never skip".
   */
  @Test
  void skippingIsSoundOnRandomRuleSets() throws Exception {
    Random random = new Random(42);
    String[] atoms = {"a", "b", "ab", "*", "?", "**", "[ab]", "{a,b}", "a*"};
    List<String> names = List.of("a", "b", "ab", "ba", "c");
    List<String> dirs = new ArrayList<>();
    for (String x : names) {
      dirs.add(x);
      for (String y : names) {
        dirs.add(x + "/" + y);
      }
    }
    int skips = 0;
    for (int round = 0; round < 400; round++) {
      List<String> lines = new ArrayList<>();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        StringBuilder p = new StringBuilder();
        if (random.nextInt(3) == 0) {
          p.append('!');
        }
        if (random.nextBoolean()) {
          p.append('/');
        }
        int segments = 1 + random.nextInt(3);
        for (int s = 0; s < segments; s++) {
          if (s > 0) {
            p.append('/');
          }
          p.append(atoms[random.nextInt(atoms.length)]);
        }
        lines.add(p.toString());
      }
      IgnoreMatcher m = IgnoreMatcher.parse(lines, "random");
      for (String dir : dirs) {
        if (!m.canSkipDirectory(dir)) {
          continue;
        }
        skips++;
        assertTrue(m.isIgnored(dir, true), () -> dir + " skippable but not ignored under " + lines);
        for (String x : names) {
          for (String y : names) {
            for (String below : List.of(dir + "/" + x, dir + "/" + x + "/" + y)) {
              assertTrue(m.isIgnored(below, false), () -> below + " kept though " + dir + " skippable under " + lines);
            }
          }
        }
      }
    }
    assertTrue(skips > 100, "only " + skips + " skippable directories: the check is too timid to be useful");
  }

  // ---- loading from a folder ----

  @Test
  void missingFileMeansOnlyTheInternalRules() throws Exception {
    IgnoreMatcher m = IgnoreMatcher.load(root);
    assertSame(IgnoreMatcher.internalOnly(), m);
    assertTrue(m.isIgnored(".chorusignore", false));
    assertFalse(m.isIgnored("a.flac", false));
  }

  @Test
  void loadsWithIncludesRelativeToTheIncludingFile() throws Exception {
    write(".chorusignore", "#include sub/more.txt", "/top");
    write("sub/more.txt", "inner", "#include deeper.txt");
    write("sub/deeper.txt", "deep");
    IgnoreMatcher m = IgnoreMatcher.load(root);
    assertTrue(m.isIgnored("top", false));
    assertTrue(m.isIgnored("x/inner", false));
    assertTrue(m.isIgnored("x/deep", false), "patterns in included files are relative to the folder root");
    assertFalse(m.isIgnored("sub/more.txt", false), "included files themselves are ordinary files");
    assertEquals(List.of("sub/more.txt:1: inner", "sub/deeper.txt:1: deep", ".chorusignore:2: /top"), m.patterns());
  }

  @Test
  void includeLoopIsAnError() throws Exception {
    write(".chorusignore", "x", "#include a.txt");
    write("a.txt", "#include b.txt");
    write("b.txt", "y", "#include a.txt");
    IgnoreSyntaxException e = assertThrows(IgnoreSyntaxException.class, () -> IgnoreMatcher.load(root));
    assertTrue(e.getMessage().startsWith("b.txt:2: include loop: "), e.getMessage());
    assertTrue(e.getMessage().contains(".chorusignore -> a.txt -> b.txt -> a.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("included from a.txt:1"), e.getMessage());
    assertTrue(e.getMessage().contains("included from .chorusignore:2"), e.getMessage());
  }

  @Test
  void includingTheIgnoreFileItselfIsALoop() throws Exception {
    write(".chorusignore", "#include .chorusignore");
    IgnoreSyntaxException e = assertThrows(IgnoreSyntaxException.class, () -> IgnoreMatcher.load(root));
    assertTrue(e.getMessage().contains("include loop"), e.getMessage());
  }

  @Test
  void aFileIncludedTwiceWithoutALoopIsReadOnce() throws Exception {
    write(".chorusignore", "#include a.txt", "#include b.txt");
    write("a.txt", "#include common.txt");
    write("b.txt", "#include common.txt", "bee");
    write("common.txt", "shared");
    IgnoreMatcher m = IgnoreMatcher.load(root);
    assertTrue(m.isIgnored("shared", false));
    assertTrue(m.isIgnored("bee", false));
    assertEquals(2, m.patterns().size());
  }

  @Test
  void missingIncludeAndErrorsInsideIncludesNameTheirFile() throws Exception {
    write(".chorusignore", "ok", "#include nothere.txt");
    IgnoreSyntaxException e = assertThrows(IgnoreSyntaxException.class, () -> IgnoreMatcher.load(root));
    assertTrue(e.getMessage().startsWith(".chorusignore:2: included file not found"), e.getMessage());

    write(".chorusignore", "#include bad.txt");
    write("bad.txt", "fine", "also{fine", "x");
    e = assertThrows(IgnoreSyntaxException.class, () -> IgnoreMatcher.load(root));
    assertTrue(e.getMessage().startsWith("bad.txt:2: unbalanced '{'"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(included from .chorusignore:1)"), e.getMessage());
  }

  @Test
  void includesMustStayInsideTheFolder() throws Exception {
    Path folder = root.resolve("folder");
    Files.createDirectories(folder);
    Files.writeString(root.resolve("outside.txt"), "x\n");
    Files.writeString(folder.resolve(".chorusignore"), "#include ../outside.txt\n");
    IgnoreSyntaxException e = assertThrows(IgnoreSyntaxException.class, () -> IgnoreMatcher.load(folder));
    assertTrue(e.getMessage().contains("outside the folder"), e.getMessage());

    Files.createSymbolicLink(folder.resolve("link.txt"), root.resolve("outside.txt"));
    Files.writeString(folder.resolve(".chorusignore"), "#include link.txt\n");
    e = assertThrows(IgnoreSyntaxException.class, () -> IgnoreMatcher.load(folder));
    assertTrue(e.getMessage().contains("outside the folder (through a link)"), e.getMessage());
  }

  @Test
  void parseWithAFolderRootResolvesIncludes() throws Exception {
    write("extra.txt", "*.bak");
    IgnoreMatcher m = IgnoreMatcher.parse(List.of("#include extra.txt"), ".chorusignore", root);
    assertTrue(m.isIgnored("x/y.bak", false));
  }

  @Test
  void windowsLineEndingsAndAByteOrderMarkAreFine() throws Exception {
    Files.write(root.resolve(".chorusignore"), "\uFEFFfirst\r\nsecond\r\n".getBytes(StandardCharsets.UTF_8));
    IgnoreMatcher m = IgnoreMatcher.load(root);
    assertTrue(m.isIgnored("first", false));
    assertTrue(m.isIgnored("second", false));
  }

  @Test
  void invalidUtf8IsAnErrorWithTheLine() throws Exception {
    Files.write(root.resolve(".chorusignore"), new byte[] {'a', '\n', 'b', (byte) 0xC3, '\n'});
    IgnoreSyntaxException e = assertThrows(IgnoreSyntaxException.class, () -> IgnoreMatcher.load(root));
    assertTrue(e.getMessage().startsWith(".chorusignore:2: not valid UTF-8"), e.getMessage());
  }

  @Test
  void anOversizedFileIsRefused() throws Exception {
    Files.write(root.resolve(".chorusignore"), new byte[IgnoreFileParser.MAX_FILE_BYTES + 1]);
    IgnoreSyntaxException e = assertThrows(IgnoreSyntaxException.class, () -> IgnoreMatcher.load(root));
    assertTrue(e.getMessage().contains("is not an ignore file"), e.getMessage());
  }

  private void write(String rel, String... lines) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.write(p, Arrays.asList(lines), StandardCharsets.UTF_8);
  }
}
