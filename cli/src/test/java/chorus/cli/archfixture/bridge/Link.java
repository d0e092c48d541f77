package chorus.cli.archfixture.bridge;

import chorus.cli.archfixture.cli.Tool;

/** Architecture-test fixture: db-bridge depending on cli. Must be caught. */
public final class Link {
  public Tool tool() {
    return new Tool(null);
  }
}
