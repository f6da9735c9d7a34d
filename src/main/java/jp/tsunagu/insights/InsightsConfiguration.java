package jp.tsunagu.insights;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InsightsProperties.class)
class InsightsConfiguration {
}
