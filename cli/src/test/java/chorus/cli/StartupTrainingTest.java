package chorus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The training run that bin/chorus archives must run without a JIT (see {@link StartupTraining}): it
 * refuses otherwise, so a launcher that forgets -Xint gets no archive rather than one that can keep a hot
 * method interpreted.
 */
class StartupTrainingTest {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @Test
  void itRefusesToTrainWithAJit() throws Exception {
    Child c = run(JAVA, "-cp", System.getProperty("java.class.path"), "chorus.cli.StartupTraining");
    assertEquals(1, c.code(), c.output());
    assertTrue(c.output().contains("-Xint"), c.output());
  }

  @Test
  void minusXintIsWhatItRecognises() throws Exception {
    assertTrue(StartupTraining.interpreterOnly(vmInfo("-Xint")));
    assertFalse(StartupTraining.interpreterOnly(vmInfo()));
    assertFalse(StartupTraining.interpreterOnly(vmInfo("-XX:TieredStopAtLevel=1")));
  }

  /** {@code java.vm.info} of a JVM started with {@code options}. */
  private static String vmInfo(String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(List.of(options));
    command.addAll(List.of("-XshowSettings:properties", "-version"));
    Child c = run(command.toArray(String[]::new));
    assertEquals(0, c.code(), c.output());
    return c.output().lines().map(String::strip).filter(l -> l.startsWith("java.vm.info = ")).findFirst()
        .map(l -> l.substring("java.vm.info = ".length())).orElseThrow(() -> new AssertionError(c.output()));
  }

  private record Child(int code, String output) {}

  private static Child run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", command));
    return new Child(p.exitValue(), output);
  }
}
