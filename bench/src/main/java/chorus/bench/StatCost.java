package chorus.bench;

import chorus.fsindex.store.FileStat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one lstat costs through each NIO route, over every file of a tree (warm dentry cache), median of
 * ROUNDS passes: {@code unix:*} (a map of every attribute, owner and group names included), the named
 * {@code unix:} attributes chorus reads ({@link FileStat#lstat}), {@link PosixFileAttributes} (no inode
 * except through the file key) and {@link BasicFileAttributes}. Usage: {@code StatCost DIR [ROUNDS]}.
 */
public final class StatCost {
  private StatCost() {}

  interface Stat {
    Object of(Path p) throws IOException;
  }

  public static void main(String[] args) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
      files = s.filter(Files::isRegularFile).toList();
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String[] names = {"unix:*", "FileStat.lstat: unix:mode,ino,dev,size,lastModifiedTime,ctime (chorus)", "PosixFileAttributes", "BasicFileAttributes"};
    Stat[] stats = {
        p -> Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS),
        FileStat::lstat,
        p -> {
          PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          return a.fileKey().toString() + a.permissions();
        },
        p -> Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)};
    System.out.printf(Locale.ROOT, "%d files%n", files.size());
    for (int k = 0; k < stats.length; k++) {
      double[] perFile = new double[rounds];
      for (int r = -1; r < rounds; r++) {
        long t0 = System.nanoTime();
        int sink = 0;
        for (Path p : files) {
          Object o = stats[k].of(p);
          sink += o instanceof Map<?, ?> m ? m.size() : o.hashCode() & 1;
        }
        if (r >= 0) {
          perFile[r] = (System.nanoTime() - t0) / 1e3 / files.size();
        }
        if (sink == 42) {
          System.out.print("");
        }
      }
      Arrays.sort(perFile);
      System.out.printf(Locale.ROOT, "%-52s median %.2f us per file%n", names[k], perFile[rounds / 2]);
    }
  }
}
