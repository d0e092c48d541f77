package chorus.cli.archfixture.core;

/** Architecture-test fixture: a core class that uses only java.*. */
public record GoodValue(String name) {}
