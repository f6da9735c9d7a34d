package jp.tsunagu.evacuation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may reach the module's routes, decided before anything of the request is read (名簿へのアクセス): a viewer
 * outside the departments that hold the list gets 403 whatever parameters or body the request carries, never
 * a 400 that would tell them more. The 安否確認 and disaster routes let in every caseworker while a disaster is
 * declared. Administrators' own screens under {@code /admin/**} are guarded by the security chain.
 */
@Configuration
@ConditionalOnWebApplication
class EvacuationAccessInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private final ListHolders holders;

    EvacuationAccessInterceptor(ListHolders holders) {
        this.holders = holders;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/evacuation", "/evacuation/**", "/api/v1/evacuation/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user == null || !user.isAuthenticated()) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith("/evacuation/safety") || path.startsWith("/evacuation/disaster")
                || path.startsWith("/api/v1/evacuation/safety")) {
            holders.confirmer(user);
        } else {
            holders.holder(user);
        }
        return true;
    }
}
