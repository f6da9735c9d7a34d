package jp.tsunagu.platform;

import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;

/**
 * Screens are Japanese first; {@code ?lang=en} switches a session to English. Static files are served
 * from three paths only ({@code spring.web.resources.add-mappings=false}): with Spring Boot's default
 * {@code /**} mapping, every link a page builds ({@code @{/persons/…}}) was first looked up as a
 * static file in four class path folders of the nested jar, which cost more than the page's
 * queries.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class WebConfiguration implements WebMvcConfigurer {

    @Bean
    LocaleResolver localeResolver() {
        SessionLocaleResolver resolver = new SessionLocaleResolver();
        resolver.setDefaultLocale(Locale.JAPANESE);
        return resolver;
    }

    @Override
    public void addResourceHandlers(org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry registry) {
        org.springframework.http.CacheControl day = org.springframework.http.CacheControl.maxAge(java.time.Duration.ofDays(1));
        registry.addResourceHandler("/css/**").addResourceLocations("classpath:/static/css/").setCacheControl(day);
        registry.addResourceHandler("/js/**").addResourceLocations("classpath:/static/js/").setCacheControl(day);
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(day).resourceChain(true)
                .addResolver(new org.springframework.web.servlet.resource.LiteWebJarsResourceResolver());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName("lang");
        registry.addInterceptor(interceptor);
    }
}
