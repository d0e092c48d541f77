package chorus.cli.archfixture.fsindex;

import chorus.cli.archfixture.transport.Wire;

/** Architecture-test fixture: fs-index depending on a sibling module (transport). Must be caught. */
public final class Walker {
  public String walk(Wire wire) {
    return wire.value().name();
  }
}
