package jp.tsunagu.access;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The module's settings and the clock that lockouts and session timeouts are measured by. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class AccessConfiguration {

    /** A bean so that tests can move time instead of waiting. */
    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
