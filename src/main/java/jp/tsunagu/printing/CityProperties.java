package jp.tsunagu.printing;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The municipality (自治体) whose staff print: {@code tsunagu.city.name}, printed in every sheet's footer.
 * The default is the city the demo's sample municipality is modelled on.
 */
@ConfigurationProperties("tsunagu.city")
@Validated
record CityProperties(@DefaultValue("狭山市") @NotBlank String name) {
}
