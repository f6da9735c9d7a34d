package jp.tsunagu.access;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Set;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.ErrorAnswer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcherEntry;

/**
 * Every page and API is behind login from day one. Administration of sources, imports and accounts
 * is for administrators only. On top of Spring Security's form login: one answer for every failed
 * login and a growing delay after repeated failures per user ID and per address ({@link LoginFailure},
 * {@link LoginThrottle}), idle and absolute session timeouts ({@link SessionTimeouts}) and the
 * second factor ({@link TotpGate}).
 *
 * <p>Requests that carry {@code Authorization: Bearer …} go through a chain of their own, before
 * the browsers' one: they are authenticated by their API token alone ({@link ApiTokenFilter}),
 * without a session or CSRF token, and may reach only the paths under {@code /api/} that the token
 * was given; anything else, screens included, is refused. An API client without any credentials
 * that asks for JSON is answered {@code 401} rather than sent to the login page.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain apiTokenFilterChain(HttpSecurity http, ApiTokenAuthenticator authenticator, AuditTrail audit)
            throws Exception {
        http.securityMatcher(ApiTokenFilter::offersBearer)
                .authorizeHttpRequests(auth -> auth
                        // Spring Boot's error response for a request already let through
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .anyRequest().access(ApiTokenFilter.scope()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(context -> context.securityContextRepository(
                        new RequestAttributeSecurityContextRepository()))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) ->
                                ApiTokenFilter.unauthorized(response, ApiTokenFilter.UNAUTHORIZED))
                        .accessDeniedHandler((request, response, e) ->
                                ApiTokenFilter.error(response, HttpServletResponse.SC_FORBIDDEN, ApiTokenFilter.FORBIDDEN)))
                .headers(headers -> transportHeaders(headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .frameOptions(frame -> frame.deny())))
                .addFilterBefore(new ApiTokenFilter(authenticator, audit), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SessionTimeouts timeouts, TotpGate totpGate,
            LoginSuccess loginSuccess, ErrorAnswer errorAnswer, LoginThrottle throttle) throws Exception {
        LoginFailure loginFailure = new LoginFailure(throttle);
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico", "/favicon.svg", "/error").permitAll()
                        .requestMatchers("/actuator/health/**").permitAll()
                        .requestMatchers("/imports/*/confirm", "/imports/*/discard", "/imports/upload").hasRole("ADMIN")
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/audit/**").hasRole("AUDITOR")
                        // the API's OpenAPI document and Swagger UI: for staff, never anonymous
                        .requestMatchers("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**")
                        .authenticated()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(loginSuccess)
                        .failureHandler(loginFailure)
                        .permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .csrf(csrf -> csrf.csrfTokenRequestHandler(new CsrfTokenHandler()))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(loginOr401ForApiClients())
                        .accessDeniedHandler(csrfRefusedInJapanese(errorAnswer)))
                .headers(headers -> transportHeaders(headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                        + "frame-ancestors 'none'; form-action 'self'"))
                        .frameOptions(frame -> frame.deny())))
                .addFilterBefore(new LoginThrottleFilter(throttle, loginFailure),
                        UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(timeouts, SecurityContextHolderFilter.class)
                .addFilterBefore(totpGate, AuthorizationFilter.class);
        return http.build();
    }

    /**
     * Headers of every answer: no address of a page (which can name a person's key or a search) goes to
     * another site in the Referer; and on a request that came through TLS — directly, or through a
     * proxy named in {@code server.tomcat.remoteip.internal-proxies} that says so — browsers are told
     * to use TLS only from now on (HSTS, a year, subdomains too). The session cookie's SameSite and
     * Secure attributes are the servlet container's (application.properties).
     */
    private static HeadersConfigurer<HttpSecurity> transportHeaders(HeadersConfigurer<HttpSecurity> headers) {
        return headers
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                .httpStrictTransportSecurity(hsts -> hsts.maxAgeInSeconds(Duration.ofDays(365).toSeconds())
                        .includeSubDomains(true));
    }

    /**
     * Sends browsers to the login page, as form login would by itself, but answers {@code 401} JSON
     * to an API client that asks for JSON under {@code /api/} (a request that accepts anything, as
     * a browser's address bar does, still goes to the login page).
     */
    private static AuthenticationEntryPoint loginOr401ForApiClients() {
        MediaTypeRequestMatcher json = new MediaTypeRequestMatcher(MediaType.APPLICATION_JSON);
        json.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        RequestMatcher apiClient = new AndRequestMatcher(PathPatternRequestMatcher.pathPattern("/api/**"), json);
        AuthenticationEntryPoint api = (request, response, e) -> ApiTokenFilter.missing(response);
        return new DelegatingAuthenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"),
                new RequestMatcherEntry<>(apiClient, api));
    }

    /**
     * A form whose CSRF token is missing, expired or altered is refused with 403 and says what to do
     * (open the page again); any other refusal is the error page's 「この操作の権限がありません。」.
     */
    private static AccessDeniedHandler csrfRefusedInJapanese(ErrorAnswer errorAnswer) {
        LinkedHashMap<Class<? extends AccessDeniedException>, AccessDeniedHandler> handlers = new LinkedHashMap<>();
        handlers.put(CsrfException.class, (request, response, e) ->
                errorAnswer.send(request, response, HttpStatus.FORBIDDEN, "input.csrf"));
        return new DelegatingAccessDeniedHandler(handlers, new AccessDeniedHandlerImpl());
    }

    @Bean
    SessionTimeouts sessionTimeouts(Clock clock, Environment environment, AccessProperties properties,
            AuditTrail audit) {
        Duration idle = Binder.get(environment).bind("server.servlet.session.timeout", Duration.class)
                .orElse(Duration.ofMinutes(30));
        return new SessionTimeouts(clock, idle, properties.absoluteSessionTimeout(), audit);
    }

    @Bean
    TotpGate totpGate(TotpPolicy policy) {
        return new TotpGate(policy);
    }

    @Bean
    LoginSuccess loginSuccess(SessionTimeouts timeouts, TotpPolicy policy, LoginThrottle throttle) {
        return new LoginSuccess(timeouts, policy, throttle);
    }

    /** The two filters belong in the security chain only, not also in the servlet container's. */
    @Bean
    FilterRegistrationBean<SessionTimeouts> sessionTimeoutsRegistration(SessionTimeouts filter) {
        FilterRegistrationBean<SessionTimeouts> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    FilterRegistrationBean<TotpGate> totpGateRegistration(TotpGate filter) {
        FilterRegistrationBean<TotpGate> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }
}
