package chorus.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chorus.cli.archfixture.cli.Tool;
import chorus.cli.archfixture.core.GoodValue;
import chorus.cli.archfixture.core.LeakyValue;
import chorus.cli.archfixture.core.ReachesUp;
import chorus.cli.archfixture.bridge.Link;
import chorus.cli.archfixture.fsindex.Walker;
import chorus.cli.archfixture.stray.Orphan;
import chorus.cli.archfixture.transport.Wire;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The direction of dependence between modules, as DESIGN.md draws it: core depends on nothing but the JDK;
 * fs-index, transport and db-bridge depend on core only; only cli knows them all. Runs in cli because only
 * cli's test classpath holds every module. The rules are built for a root package so that they can also be
 * run against deliberately bad fixture classes, proving that they fail when they should.
 */
class ArchitectureTest {
  /** Module name to its package, below the root. */
  static final Map<String, String> MODULES = Map.of(
      "core", "core", "fs-index", "fsindex", "transport", "transport", "db-bridge", "bridge", "cli", "cli");

  /** Modules that must have classes, so that the rules below are not vacuously true. */
  static final List<String> MUST_HAVE_CLASSES = List.of("core", "fs-index", "transport", "db-bridge", "cli");

  static String pkg(String root, String module) {
    return root + "." + MODULES.get(module) + "..";
  }

  static ArchRule coreDependsOnlyOnTheJdk(String root) {
    return classes().that().resideInAPackage(pkg(root, "core"))
        .should().onlyDependOnClassesThat().resideInAnyPackage(pkg(root, "core"), "java..")
        .because("core is plain Java: no framework, no other module");
  }

  static ArchRule modulesDependOnlyOnCoreAndOnlyCliKnowsThemAll(String root) {
    return layeredArchitecture().consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true) // db-bridge may have no classes yet
        .layer("core").definedBy(pkg(root, "core"))
        .layer("fs-index").definedBy(pkg(root, "fs-index"))
        .layer("transport").definedBy(pkg(root, "transport"))
        .layer("db-bridge").definedBy(pkg(root, "db-bridge"))
        .layer("cli").definedBy(pkg(root, "cli"))
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("fs-index").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("transport").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("db-bridge").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("core").mayOnlyBeAccessedByLayers("fs-index", "transport", "db-bridge", "cli");
  }

  static ArchRule everyClassIsInAModule(String root) {
    return classes().that().resideInAPackage(root + "..")
        .should().resideInAnyPackage(MODULES.keySet().stream().map(m -> pkg(root, m)).toArray(String[]::new))
        .because("a class outside the module packages would escape the rules above");
  }

  static List<ArchRule> rules(String root) {
    return List.of(coreDependsOnlyOnTheJdk(root), modulesDependOnlyOnCoreAndOnlyCliKnowsThemAll(root),
        everyClassIsInAModule(root));
  }

  static final JavaClasses PRODUCTION = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("chorus");

  @Test
  void theModulesKeepTheirDirection() {
    for (String module : MUST_HAVE_CLASSES) {
      String prefix = "chorus." + MODULES.get(module) + ".";
      assertTrue(PRODUCTION.stream().anyMatch(c -> c.getName().startsWith(prefix)),
          module + " has no classes on the test classpath; the rules would check nothing");
    }
    for (ArchRule rule : rules("chorus")) {
      rule.check(PRODUCTION);
    }
  }

  static final String FIXTURES = "chorus.cli.archfixture";

  @Test
  void theRulesFailOnBadDependencies() {
    JavaClasses bad = new ClassFileImporter().importClasses(
        GoodValue.class, LeakyValue.class, ReachesUp.class, Wire.class, Walker.class, Link.class, Tool.class,
        Orphan.class);
    AssertionError core = assertThrows(AssertionError.class, () -> coreDependsOnlyOnTheJdk(FIXTURES).check(bad));
    assertTrue(core.getMessage().contains("LeakyValue") && core.getMessage().contains("picocli"), core.getMessage());
    assertTrue(core.getMessage().contains("ReachesUp"), core.getMessage());

    AssertionError layers = assertThrows(AssertionError.class,
        () -> modulesDependOnlyOnCoreAndOnlyCliKnowsThemAll(FIXTURES).check(bad));
    List<String> culprits = List.of("fsindex.Walker", "bridge.Link", "core.ReachesUp");
    for (String culprit : culprits) {
      assertTrue(layers.getMessage().contains(FIXTURES + "." + culprit), culprit + " in " + layers.getMessage());
    }
    // Every violation starts at a culprit: the allowed dependencies (transport and cli on core) are not reported.
    List<String> origins = layers.getMessage().lines()
        .filter(line -> line.matches("^(Method|Constructor|Field|Class) <.*"))
        .map(line -> line.substring(line.indexOf('<') + 1, line.indexOf('>')))
        .toList();
    assertFalse(origins.isEmpty(), layers.getMessage());
    for (String origin : origins) {
      assertTrue(culprits.stream().anyMatch(c -> origin.startsWith(FIXTURES + "." + c)), origin);
    }

    AssertionError stray = assertThrows(AssertionError.class, () -> everyClassIsInAModule(FIXTURES).check(bad));
    assertTrue(stray.getMessage().contains("Orphan"), stray.getMessage());
  }

  @Test
  void theRulesPassOnGoodDependencies() {
    JavaClasses good = new ClassFileImporter().importClasses(GoodValue.class, Wire.class, Tool.class);
    for (ArchRule rule : rules(FIXTURES)) {
      rule.check(good);
    }
  }
}
