package jp.tsunagu.access;

import java.time.Clock;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The module's settings and the clock that lockouts and session timeouts are measured by. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class AccessConfiguration {

    /**
     * The application's one clock (アプリケーションの時計): a bean so that tests can move time instead of
     * waiting. Its zone is Asia/Tokyo whatever the server's is, so that a {@code LocalDate.now(clock)}
     * written later gives the city's day, not the machine's; today every user of it reads only the
     * instant, and screens format times through {@link TokyoTime}.
     */
    @Bean
    Clock clock() {
        return Clock.system(TokyoTime.ZONE);
    }
}
