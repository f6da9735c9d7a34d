package jp.tsunagu.audit;

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
        return BackedUpFiles.file("audit-key", properties.keyFile());
    }

    /** The signed checkpoints the chain is verified against. */
    @Bean
    BackedUpFiles auditCheckpointFile(AuditProperties properties) {
        return BackedUpFiles.file("audit-checkpoints", properties.checkpointFile());
    }
}
