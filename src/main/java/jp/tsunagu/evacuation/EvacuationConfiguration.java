package jp.tsunagu.evacuation;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reads the list's configuration at start; a mistake stops the start with the file and key named. */
@Configuration
@EnableConfigurationProperties(EvacuationProperties.class)
class EvacuationConfiguration {

    @Bean
    EvacuationSetup evacuationSetup(EvacuationProperties properties) {
        return EvacuationSetup.load(properties.dir());
    }
}
