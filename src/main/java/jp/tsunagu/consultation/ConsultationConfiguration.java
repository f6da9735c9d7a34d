package jp.tsunagu.consultation;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The module's settings, checked at start ({@link ConsultationProperties}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsultationProperties.class)
class ConsultationConfiguration {

    @Bean
    WorkingDays workingDays(ConsultationProperties properties) {
        return new WorkingDays(properties.holidays());
    }
}
