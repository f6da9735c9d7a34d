package jp.tsunagu.audit;

import java.nio.file.Path;
import jp.tsunagu.platform.BackedUpFiles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    /** The key ring: without it the restored trail cannot be verified. */
    @Bean
    BackedUpFiles auditKeyFile(AuditProperties properties) {
        return file("audit-key", properties.keyFile());
    }

    /** The signed checkpoints the chain is verified against. */
    @Bean
    BackedUpFiles auditCheckpointFile(AuditProperties properties) {
        return file("audit-checkpoints", properties.checkpointFile());
    }

    private static BackedUpFiles file(String name, Path path) {
        return new BackedUpFiles() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Path path() {
                return path;
            }

            @Override
            public boolean folder() {
                return false;
            }
        };
    }
}
