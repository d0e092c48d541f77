package chorus.cli.archfixture.cli;

import chorus.cli.archfixture.transport.Wire;

/** Architecture-test fixture: cli knowing another module, as allowed. */
public record Tool(Wire wire) {}
