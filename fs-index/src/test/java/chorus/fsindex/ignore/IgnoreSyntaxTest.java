package chorus.fsindex.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pattern syntax, one row per (patterns, path, ignored?). Patterns are separated by {@code ⏎}.
 * Each row is checked for the path as a file and as a directory: the outcome must not differ.
 */
class IgnoreSyntaxTest {
  private static final boolean I = true;
  private static final boolean K = false; // kept

  static Stream<Arguments> table() {
    return Stream.of(
        // A plain name matches itself at any depth, and everything below it.
        row("foo", "foo", I),
        row("foo", "a/foo", I),
        row("foo", "a/b/foo", I),
        row("foo", "foo/bar", I),
        row("foo", "a/foo/b/c", I),
        row("foo", "foobar", K),
        row("foo", "afoo", K),
        row("foo", "a/foobar/c", K),
        // Surrounding spaces are trimmed; inner ones are literal.
        row("  foo bar  ", "x/foo bar", I),
        row("foo bar", "foo", K),
        // A leading / anchors to the folder root.
        row("/foo", "foo", I),
        row("/foo", "foo/x", I),
        row("/foo", "a/foo", K),
        row("/a/b", "a/b", I),
        row("/a/b", "a/b/c", I),
        row("/a/b", "x/a/b", K),
        row("/a/b", "a", K),
        // An unanchored pattern with a slash matches at any depth too.
        row("a/b", "a/b", I),
        row("a/b", "x/a/b", I),
        row("a/b", "x/y/a/b/c", I),
        row("a/b", "a", K),
        row("a/b", "xa/b", K),
        // * stays within one name, may be empty.
        row("*.tmp", "x.tmp", I),
        row("*.tmp", "d/x.tmp", I),
        row("*.tmp", ".tmp", I),
        row("*.tmp", "x.tmp/y", I),
        row("*.tmp", "x.tmpy", K),
        row("*.tmp", "d.tmp2/x", K),
        row("te*ne", "telephone", I),
        row("te*ne", "subdir/telephone", I),
        row("te*ne", "tele/phone", K),
        row("/*.flac", "a.flac", I),
        row("/*.flac", "d/a.flac", K),
        row("a/*/c", "a/b/c", I),
        row("a/*/c", "a/b/x/c", K),
        row("a/*/c", "a/c", K),
        row("x.y", "xzy", K),
        // ** crosses slashes: at the start, in the middle, at the end.
        row("te**ne", "telephone", I),
        row("te**ne", "tele/sub/dir/phone", I),
        row("**/foo", "foo", I),
        row("**/foo", "a/foo", I),
        row("**/foo", "a/b/foo", I),
        row("**/foo", "xfoo", K),
        row("a/**/b", "a/x/b", I),
        row("a/**/b", "a/x/y/b", I),
        row("a/**/b", "q/a/x/b", I),
        row("a/**/b", "a/b", K), // as in Syncthing (not gitignore): ** between slashes needs a name
        row("/a/**/b", "a/x/b", I),
        row("/a/**/b", "q/a/x/b", K),
        row("a/**", "a", K),
        row("a/**", "a/x", I),
        row("a/**", "a/x/y", I),
        row("a/**", "q/a/x", I),
        row("/a/**", "a/x", I),
        row("/a/**", "q/a/x", K),
        row("**", "anything/at/all", I),
        row("/**/foo", "a/foo", I),
        row("/**/foo", "foo", K), // anchored: the ** then the slash must be there
        row("***.log", "a/b.log", I), // a run of stars is **
        // ? is one character, never a slash.
        row("te??st", "tebest", I),
        row("te??st", "teb/st", K),
        row("te??st", "test", K),
        row("?", "a", I),
        row("?", "ab", K),
        row("?", "d/a", I),
        // Character classes; a class never matches a slash.
        row("[a-c]x", "ax", I),
        row("[a-c]x", "bx", I),
        row("[a-c]x", "dx", K),
        row("[a-c]x", "Ax", K),
        row("[!a-c]x", "dx", I),
        row("[!a-c]x", "ax", K),
        row("[^a-c]x", "dx", I),
        row("[^a-c]x", "cx", K),
        row("/a[!b]c", "a/c", K),
        row("/a[/]c", "a/c", K),
        row("[]]x", "]x", I),
        row("[a-]x", "-x", I),
        row("[a-]x", "bx", K),
        row("[0-9][0-9] *.flac", "Artist/Album/07 Song.flac", I),
        // Alternatives, nestable, each a glob of its own.
        row("{foo,bar}.txt", "foo.txt", I),
        row("{foo,bar}.txt", "d/bar.txt", I),
        row("{foo,bar}.txt", "baz.txt", K),
        row("*.{flac,mp3}", "a.mp3", I),
        row("*.{flac,mp3}", "a.ogg", K),
        row("{a,b/c}", "q/b/c", I),
        row("{a,b{1,2}}", "b2", I),
        row("{a,b{1,2}}", "b3", K),
        row("{a*,b}", "alpha", I),
        row("{a*,b}", "bx", K),
        row("a{,b}c", "ac", I),
        row("a{,b}c", "abc", I),
        row("a}b,c]", "a}b,c]", I), // stray closers and commas are literal
        // Escapes.
        row("\\*.txt", "*.txt", I),
        row("\\*.txt", "a.txt", K),
        row("\\{a\\}", "{a}", I),
        row("\\{a\\}", "a", K),
        row("a\\?b", "a?b", I),
        row("a\\?b", "axb", K),
        row("[\\]]x", "]x", I),
        row("\\!foo", "!foo", I),
        row("a+b(c)$^.mp3", "x/a+b(c)$^.mp3", I),
        row("#foo", "#foo", I), // only // starts a comment
        // First match wins; a negation must come before what it carves out of.
        row("!keep.tmp⏎*.tmp", "keep.tmp", K),
        row("!keep.tmp⏎*.tmp", "d/keep.tmp", K),
        row("!keep.tmp⏎*.tmp", "other.tmp", I),
        row("*.tmp⏎!keep.tmp", "keep.tmp", I),
        row("!/music/keep⏎/music", "music", I),
        row("!/music/keep⏎/music", "music/keep", K),
        row("!/music/keep⏎/music", "music/keep/x", K),
        row("!/music/keep⏎/music", "music/other", I),
        // Syncthing's own exclusion example.
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "ign1", I),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "ign2", I),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "ibla2", I),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "iex2", K),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "ign1/ign", I),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "ign1/ex", K),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "ign1/iex2", K),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "iex2/ign", K),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "foo/bar/ign1", I),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "foo/bar/ign2", I),
        row("!iex2⏎!ign1/ex⏎ign1⏎i*2⏎!ign2", "foo/bar/iex2", K),
        // A trailing slash means "the contents of", not the name itself.
        row("foo/", "foo", K),
        row("foo/", "foo/x", I),
        row("foo/", "a/foo", K),
        row("foo/", "a/foo/x", I),
        row("/foo/", "foo/x", I),
        row("/foo/", "a/foo/x", K),
        row("/", "anything", I),
        // Case: sensitive by default, (?i) per pattern, with Unicode case folding.
        row("Foo", "foo", K),
        row("Foo", "Foo", I),
        row("(?i)foo", "FOO", I),
        row("(?i)foo", "a/FoO/b", I),
        row("(?i)ÄRZTE", "ärzte", I),
        row("(?i)[a-c]x", "BX", I),
        row("(?i)!keep⏎*", "KEEP", K),
        row("!(?i)keep⏎*", "Keep", K),
        row("(?d)(?i)junk", "JUNK", I),
        row("(?i)kelvin", "\u212Aelvin", I), // KELVIN SIGN folds to k, as in java.util.regex
        row("(?i)sun", "\u017Fun", I), // so does LATIN SMALL LETTER LONG S to s
        row("(?i)*.LOG", "x/Y.log", I),
        row("(?i){*.M3U,*.pls}", "a/b.PLS", I),
        row("(?i){*.M3U,*.pls}", "a/b.pl", K),
        row("{*,x}.cue", "a.cue", I),
        row("{a{b,c},d}e", "ace", I),
        row("{a{b,c},d}e", "ae", K),
        // Comments and blank lines.
        row("// foo⏎⏎bar", "foo", K),
        row("// foo⏎⏎bar", "bar", I),
        // Non-ASCII names, NFC on both sides (a pattern typed in NFD is normalised).
        row("Björk", "Björk/Homogenic/01 Hunter.flac", I),
        row("Bjo\u0308rk", "Bj\u00f6rk/Post", I),
        row("Sigur*", "Sigur Rós", I),
        row("*.flac", "Mötley Crüe/Dr. Feelgood/01.flac", I),
        row("caf?", "café", I),
        row("?", "\uD83C\uDFB5", I), // one code point outside the BMP
        row("??", "\uD83C\uDFB5", K),
        row("a*b", "a\u2028b", I), // a line separator is just a character in a name
        row("a**b", "a\u2028x/b", I),
        // Chorus's own files, whatever the patterns say.
        row("", ".chorus-tmp.x.flac", I),
        row("", "a/b/.chorus-tmp.y", I),
        row("", ".chorus-tmp.dir/inner", I),
        row("", ".chorusignore", I),
        row("", "a/.chorusignore", K),
        row("", ".chorus-tmpx", K),
        row("", "a/x.chorus-tmp.y", K),
        row("!.chorus-tmp.*⏎!/.chorusignore", ".chorus-tmp.z", I),
        row("!.chorus-tmp.*⏎!/.chorusignore", ".chorusignore", I),
        // The folder root itself is never ignored.
        row("**", "", K));
  }

  private static Arguments row(String patterns, String path, boolean ignored) {
    return Arguments.of(patterns, path, ignored);
  }

  @ParameterizedTest(name = "[{index}] {0} on \"{1}\" -> ignored={2}")
  @MethodSource("table")
  void matchesLikeSyncthing(String patterns, String path, boolean ignored) throws Exception {
    List<String> lines = Arrays.asList(patterns.split("⏎", -1));
    IgnoreMatcher m = IgnoreMatcher.parse(lines, "test");
    assertEquals(ignored, m.isIgnored(path, false), () -> "as a file; rules " + m.patterns());
    assertEquals(ignored, m.isIgnored(path, true), () -> "as a directory; rules " + m.patterns());
  }
}
