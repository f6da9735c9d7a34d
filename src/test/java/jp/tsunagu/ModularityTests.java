package jp.tsunagu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(TsunaguApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
        assertThat(modules.getModuleByName("importing")).isPresent();
    }

    @Test
    void writesModuleDiagramsIntoDocs() {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        assertThat(new java.io.File("docs/modules/components.puml")).exists();
    }
}
