package jp.tsunagu.printing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires printing (帳票): the font from {@code tsunagu.print.font} or the usual places, and the printer. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PrintingProperties.class, CityProperties.class})
class PrintingConfiguration {

    @Bean
    PdfPrinter pdfPrinter(PrintingProperties properties) {
        return new PdfPrinter(new JapaneseFont(properties.font(), FontLocations.usual()));
    }
}
