package jp.tsunagu.documents;

import java.io.IOException;
import java.util.Locale;
import jp.tsunagu.platform.BackedUpFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({DocumentsProperties.class, S3StoreProperties.class})
class DocumentsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DocumentsConfiguration.class);

    /**
     * Where the encrypted files are kept (保存先), by {@code tsunagu.documents.store}: {@code file} (the default) the
     * file system under {@code files-dir}, {@code s3} object storage ({@link S3Store}). The object storage is asked
     * for its bucket once here: settings it refuses (credentials, bucket) stop the start with a message that says
     * which; a server that cannot be reached only is logged, and uploads say so until it is back.
     */
    @Bean
    FileStore fileStore(DocumentsProperties properties, S3StoreProperties s3,
            @Value("${tsunagu.documents.store:file}") String store) {
        switch (store.strip().toLowerCase(Locale.ROOT)) {
            case "", "file" -> {
                return new FileSystemStore(properties);
            }
            case "s3" -> {
                S3Store objects = new S3Store(s3, properties.filesDir());
                try {
                    objects.verify();
                    log.info("添付ファイルの保存先: {}", objects.describe());
                } catch (IOException e) {
                    if (S3Store.refused(e)) {
                        objects.close();
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                    log.warn("{} (登録はつながるまで失敗します)", e.getMessage());
                }
                return objects;
            }
            default -> throw new IllegalStateException("tsunagu.documents.store は file (ファイル、既定) か s3 "
                    + "(オブジェクトストレージ) にしてください: " + store);
        }
    }

    /**
     * The encrypted files: a backup carries them beside the rows that name them (with the object storage, only the
     * local temporary folder is here; the bucket is backed up by the storage's own means, docs/operations.md).
     */
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
