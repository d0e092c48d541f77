package chorus.cli.archfixture.stray;

/** Architecture-test fixture: a class in no module's package. Must be caught. */
public final class Orphan {}
