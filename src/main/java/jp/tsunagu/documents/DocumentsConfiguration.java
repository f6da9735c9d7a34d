package jp.tsunagu.documents;

import java.nio.file.Path;
import jp.tsunagu.platform.BackedUpFiles;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(DocumentsProperties.class)
class DocumentsConfiguration {

    /** The encrypted files: a backup carries them beside the rows that name them. */
    @Bean
    BackedUpFiles documentFiles(DocumentsProperties properties) {
        return backedUp("documents-files", properties.filesDir(), true);
    }

    /** The master key: without it the restored files cannot be read. */
    @Bean
    BackedUpFiles documentKey(DocumentsProperties properties) {
        return backedUp("documents-key", properties.keyFile(), false);
    }

    private static BackedUpFiles backedUp(String name, Path path, boolean folder) {
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
                return folder;
            }
        };
    }
}
