package jp.tsunagu.access;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Every page and API is behind login from day one. Administration of sources, imports and accounts
 * is for administrators only. On top of Spring Security's form login: lockout after failed logins
 * ({@link LoginLockout}), idle and absolute session timeouts ({@link SessionTimeouts}) and the
 * second factor ({@link TotpGate}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

    static final String LOCKED_URL = "/login?locked";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SessionTimeouts timeouts, TotpGate totpGate,
            LoginSuccess loginSuccess) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/css/**", "/webjars/**", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/actuator/health/**").permitAll()
                        .requestMatchers("/imports/*/confirm", "/imports/*/discard", "/imports/upload").hasRole("ADMIN")
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/audit/**").hasRole("AUDITOR")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(loginSuccess)
                        .failureHandler(loginFailure())
                        .permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                        + "frame-ancestors 'none'; form-action 'self'"))
                        .frameOptions(frame -> frame.deny()))
                .addFilterAfter(timeouts, SecurityContextHolderFilter.class)
                .addFilterBefore(totpGate, AuthorizationFilter.class);
        return http.build();
    }

    /** A locked account is told so; any other failure gets the same words, so as not to confirm an ID. */
    private static ExceptionMappingAuthenticationFailureHandler loginFailure() {
        ExceptionMappingAuthenticationFailureHandler handler = new ExceptionMappingAuthenticationFailureHandler();
        handler.setDefaultFailureUrl("/login?error");
        handler.setExceptionMappings(Map.of(LockedException.class.getName(), LOCKED_URL));
        return handler;
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
    LoginSuccess loginSuccess(SessionTimeouts timeouts, TotpPolicy policy, LoginLockout lockout) {
        return new LoginSuccess(timeouts, policy, lockout);
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
