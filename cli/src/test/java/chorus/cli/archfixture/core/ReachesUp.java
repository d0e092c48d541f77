package chorus.cli.archfixture.core;

import chorus.cli.archfixture.transport.Wire;

/** Architecture-test fixture: core depending on transport. Must be caught. */
public final class ReachesUp {
  public Wire wire() {
    return new Wire(new GoodValue("x"));
  }
}
