package chorus.cli.archfixture.transport;

import chorus.cli.archfixture.core.GoodValue;

/** Architecture-test fixture: transport depending on core, as allowed. */
public record Wire(GoodValue value) {}
