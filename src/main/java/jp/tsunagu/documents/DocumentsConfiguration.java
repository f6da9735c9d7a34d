package jp.tsunagu.documents;

import jp.tsunagu.platform.BackedUpFiles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DocumentsProperties.class)
class DocumentsConfiguration {

    /** The encrypted files: a backup carries them beside the rows that name them. */
    @Bean
    BackedUpFiles documentFiles(DocumentsProperties properties) {
        return BackedUpFiles.folder("documents-files", properties.filesDir());
    }

    /** The master key: without it the restored files cannot be read. */
    @Bean
    BackedUpFiles documentKey(DocumentsProperties properties) {
        return BackedUpFiles.file("documents-key", properties.keyFile());
    }
}
