package chorus.cli.archfixture.core;

/** Architecture-test fixture: a core class that reaches for a framework (picocli). Must be caught. */
public final class LeakyValue {
  public Object parse(String[] args) {
    return new picocli.CommandLine(this).parseArgs(args);
  }
}
