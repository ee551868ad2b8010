package io.hubsync;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * hubsync's packages, layered without cycles (docs/architecture.md): each layer uses only the ones
 * below it, and product code never the emulator or the benchmarks, which only the command line
 * (io.hubsync.app) may start.
 *
 * <pre>
 *   app                      the command line and its wiring (may use everything)
 *   bench                    benchmarks (product code and the emulator)
 *   api                      HTTP: admin, records and OAuth pages
 *   connections notify       what the CLI and the API do to connections; notices out;
 *   verify webhook observe   drift checks and repairs; HubSpot's webhooks in; health and metrics
 *   sync                     runs, schedules, workers, the camel-main bootstrap
 *   auth                     access tokens, OAuth refresh
 *   store hubspot server     the database; HubSpot requests and budgets; the HTTP server's limits
 *   core                     shared types: run state, checkpoint, HubSpot's wire types, settings
 *   emulator                 a HubSpot of its own (core only)
 * </pre>
 */
class ArchitectureTest {
    static final JavaClasses PRODUCT = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.hubsync");

    static final ArchRule noCyclesBetweenPackages = slices().matching("io.hubsync.(*)..").should().beFreeOfCycles();

    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("app").definedBy("io.hubsync.app..")
            .layer("bench").definedBy("io.hubsync.bench..")
            .layer("api").definedBy("io.hubsync.api..", "io.hubsync.ui..")
            .layer("features").definedBy("io.hubsync.connections..", "io.hubsync.notify..", "io.hubsync.verify..",
                    "io.hubsync.webhook..", "io.hubsync.observe..")
            .layer("sync").definedBy("io.hubsync.sync..")
            .layer("auth").definedBy("io.hubsync.auth..")
            .layer("base").definedBy("io.hubsync.store..", "io.hubsync.hubspot..", "io.hubsync.server..")
            .layer("core").definedBy("io.hubsync.core..")
            .layer("emulator").definedBy("io.hubsync.emulator..")
            .whereLayer("app").mayNotBeAccessedByAnyLayer()
            .whereLayer("bench").mayOnlyBeAccessedByLayers("app")
            .whereLayer("api").mayOnlyBeAccessedByLayers("app")
            .whereLayer("features").mayOnlyBeAccessedByLayers("api", "app", "bench")
            .whereLayer("sync").mayOnlyBeAccessedByLayers("features", "api", "app", "bench")
            .whereLayer("auth").mayOnlyBeAccessedByLayers("sync", "features", "api", "app", "bench")
            .whereLayer("base").mayOnlyBeAccessedByLayers("auth", "sync", "features", "api", "app", "bench")
            .whereLayer("emulator").mayOnlyBeAccessedByLayers("app", "bench");

    /** The store, the HubSpot client and the server share nothing but core among themselves. */
    static final ArchRule storeStandsOnCore = noClasses().that().resideInAPackage("io.hubsync.store..")
            .should().dependOnClassesThat().resideInAnyPackage("io.hubsync.hubspot..", "io.hubsync.server..");

    static final ArchRule hubspotClientStandsOnCore = noClasses().that().resideInAPackage("io.hubsync.hubspot..")
            .should().dependOnClassesThat().resideInAnyPackage("io.hubsync.store..", "io.hubsync.server..");

    static final ArchRule serverStandsOnCore = noClasses().that().resideInAPackage("io.hubsync.server..")
            .should().dependOnClassesThat().resideInAnyPackage("io.hubsync.store..", "io.hubsync.hubspot..");

    static final ArchRule productCodeNeverUsesTheEmulatorOrTheBenchmarks = noClasses().that()
            .resideOutsideOfPackages("io.hubsync.app..", "io.hubsync.bench..", "io.hubsync.emulator..")
            .should().dependOnClassesThat().resideInAnyPackage("io.hubsync.emulator..", "io.hubsync.bench..");

    /** The embedding entry point in the root package stands on Camel alone, so no package move can break it. */
    static final ArchRule rootPackageStandsAlone = noClasses().that().resideInAPackage("io.hubsync")
            .should().dependOnClassesThat().resideInAPackage("io.hubsync.*..")
            .allowEmptyShould(true);

    @Test
    void noCyclesBetweenPackages() {
        noCyclesBetweenPackages.check(PRODUCT);
    }

    @Test
    void layers() {
        layers.check(PRODUCT);
    }

    @Test
    void storeStandsOnCore() {
        storeStandsOnCore.check(PRODUCT);
    }

    @Test
    void hubspotClientStandsOnCore() {
        hubspotClientStandsOnCore.check(PRODUCT);
    }

    @Test
    void serverStandsOnCore() {
        serverStandsOnCore.check(PRODUCT);
    }

    @Test
    void productCodeNeverUsesTheEmulatorOrTheBenchmarks() {
        productCodeNeverUsesTheEmulatorOrTheBenchmarks.check(PRODUCT);
    }

    @Test
    void rootPackageStandsAlone() {
        rootPackageStandsAlone.check(PRODUCT);
    }
}
