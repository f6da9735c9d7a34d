package jp.tsunagu.procedures;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(ProceduresProperties.class)
class ProceduresConfiguration {
}
