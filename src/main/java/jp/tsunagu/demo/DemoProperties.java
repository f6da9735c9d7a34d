package jp.tsunagu.demo;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the demo, bound under {@code tsunagu.demo}.
 *
 * @param enabled generate and import the sample municipality at start (also: the {@code --demo} flag)
 * @param size {@code small} (about 2,000 residents), {@code default} (about 150,000) or a number
 * @param seed the generator's seed
 * @param dataDir where the generated files are kept; by default {@code demo} beside the database folder
 *     ({@code tsunagu.database.data-dir}), so that one data folder holds everything of one hub
 * @param password the password of every demo account
 */
@Validated
@ConfigurationProperties("tsunagu.demo")
record DemoProperties(boolean enabled, String size, Long seed, Path dataDir, String password) {

    DemoProperties {
        size = size == null || size.isBlank() ? "default" : size;
        seed = seed == null ? jp.tsunagu.sample.SampleMunicipality.DEMO_SEED : seed;
        password = password == null || password.isBlank() ? "tsunagu-demo" : password;
    }
}
