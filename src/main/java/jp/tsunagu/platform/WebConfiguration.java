package jp.tsunagu.platform;

import java.util.Locale;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * Screens are Japanese first; {@code ?lang=en} switches a session to English. Static files are served
 * from three paths only ({@code spring.web.resources.add-mappings=false}): with Spring Boot's default
 * {@code /**} mapping, every link a page builds ({@code @{/persons/…}}) was first looked up as a
 * static file in four class path folders of the nested jar, which cost more than the page's
 * queries.
 *
 * <p>Malformed input is a 400 in Japanese everywhere: {@link MalformedInputFilter} (encoding,
 * control characters, lengths), {@link ParameterRanges} (ages, page numbers) and
 * {@link BadInputAdvice} (Spring MVC's own 400s), all answered by {@link ErrorAnswer}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class WebConfiguration implements WebMvcConfigurer {

    /** After character encoding and form parsing, before Spring Security's filter chain (-100). */
    static final int MALFORMED_INPUT_FILTER_ORDER = -101;

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
        // browsers ask for /favicon.ico on every page whatever the page says: a 404 each time otherwise
        registry.addResourceHandler("/favicon.ico", "/favicon.svg").addResourceLocations("classpath:/static/")
                .setCacheControl(day);
        registry.addResourceHandler("/webjars/**").addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(day).resourceChain(true)
                .addResolver(new org.springframework.web.servlet.resource.LiteWebJarsResourceResolver());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName("lang");
        // ?lang=garbage keeps the current language instead of failing the request
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
        registry.addInterceptor(new ParameterRanges());
    }

    @Bean
    ErrorAnswer errorAnswer(MessageSource messages, LocaleResolver localeResolver,
            ThymeleafViewResolver thymeleafViewResolver) {
        return new ErrorAnswer(messages, localeResolver, thymeleafViewResolver);
    }

    /** Malformed input is refused just before the security chain (order -100) reads the request. */
    @Bean
    FilterRegistrationBean<MalformedInputFilter> malformedInputFilter(ErrorAnswer answer) {
        FilterRegistrationBean<MalformedInputFilter> registration =
                new FilterRegistrationBean<>(new MalformedInputFilter(answer));
        registration.setOrder(MALFORMED_INPUT_FILTER_ORDER);
        return registration;
    }

    /**
     * Tomcat's own refusals (a path that is not UTF-8, a NUL or an encoded slash in it, headers too
     * large) in Japanese: {@link ContainerErrorReport} replaces the error report valve Spring Boot
     * puts on the host. Ordered after Boot's customizer (order 0), whose valve it removes.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> containerErrorReport(MessageSource messages) {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ContainerErrorReport)) {
                    host.getPipeline().removeValve(valve);
                }
            }
            if (host instanceof StandardHost standard) {
                // so that the host does not add Tomcat's own valve again when it starts
                standard.setErrorReportValveClass(ContainerErrorReport.class.getName());
            }
            host.getPipeline().addValve(new ContainerErrorReport(messages));
        });
    }

    /**
     * What Spring Security's firewall refuses (a {@code ;}, an encoded slash or percent, a host or
     * header it does not allow) is a 400 in Japanese too, instead of its bare 400.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ErrorAnswer answer) {
        return (request, response, rejected) -> answer.send(request, response, HttpStatus.BAD_REQUEST,
                "input.request");
    }
}
