package chorus.dbbridge.bucardo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code bucardo} program the way bucardo.md found safe: always with {@code --bucardorc} (G1),
 * from the pid directory (G4: {@code stop} writes its reason files into the working directory), with a
 * HOME of its own (G3), and under a timeout (G5: some commands wait forever).
 */
public final class BucardoCli {
  /** Output and exit code of one run. */
  public record Result(int exit, String output) {
    public boolean ok() {
      return exit == 0;
    }
  }

  private final BucardoSetup setup;
  private final String program;
  private final long timeoutSeconds;

  public BucardoCli(BucardoSetup setup) {
    this(setup, "bucardo", 120);
  }

  BucardoCli(BucardoSetup setup, String program, long timeoutSeconds) {
    this.setup = setup;
    this.program = program;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** The command line of {@code bucardo args...}, as {@code plan} prints it and {@link #run} runs it. */
  public List<String> command(List<String> args) {
    List<String> cmd = new ArrayList<>(List.of(program, "--bucardorc", setup.rcFile().toString()));
    cmd.addAll(args);
    return cmd;
  }

  /** Whether a bucardo program is on the PATH (its version answers). */
  public boolean installed() {
    try {
      Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Creates Bucardo's directories; bucardo itself refuses a missing pid directory (G3). */
  public void prepareDirs() throws IOException {
    for (Path p : List.of(setup.runDir(), setup.logDir(), setup.homeDir())) {
      Files.createDirectories(p);
    }
  }

  /** Runs {@code bucardo args...}; the output is returned, never echoed. */
  public Result run(List<String> args) throws IOException {
    prepareDirs();
    ProcessBuilder pb = new ProcessBuilder(command(args)).directory(setup.runDir().toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    Path pgpass = chorus.dbbridge.connect.PgPass.defaultFile(env);
    if (Files.isReadable(pgpass)) {
      env.put("PGPASSFILE", pgpass.toString()); // Bucardo's HOME is its own; the passwords stay the user's
    }
    env.put("HOME", setup.homeDir().toString());
    Path out = Files.createTempFile(setup.logDir(), "cmd", ".out");
    try {
      Process p = pb.redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("bucardo " + String.join(" ", args) + " did not finish in " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running bucardo " + String.join(" ", args), e);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** As {@link #run}, failing with Bucardo's own words when it exits non-zero. */
  public String check(List<String> args) throws IOException {
    Result r = run(args);
    if (!r.ok()) {
      throw new IOException("bucardo " + String.join(" ", args) + " exited " + r.exit() + ": " + r.output());
    }
    return r.output();
  }
}
