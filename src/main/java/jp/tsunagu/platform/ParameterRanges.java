package jp.tsunagu.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Checks the whole numbers that have a range ({@link InputRules#RANGES}: ages 0–150, page numbers
 * 1–1,000,000) on the handlers that take them, before the handler runs: an age of 2147483647 once
 * became a birth date beyond the year 999,999,999 (a 500), a page number of -1 was silently page 1.
 * Only parameters a handler declares are checked, so an unrelated {@code ?page=} elsewhere is
 * ignored as before.
 */
class ParameterRanges implements HandlerInterceptor {

    private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();
    private final Map<Method, List<String>> ranged = new ConcurrentHashMap<>();

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        for (String name : ranged.computeIfAbsent(method.getMethod(), m -> rangedParameters(method))) {
            String[] values = request.getParameterValues(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                InputRules.RANGES.get(name).check(name, value).ifPresent(problem -> {
                    throw new InvalidInputException(problem.code(), problem.args());
                });
            }
        }
        return true;
    }

    private List<String> rangedParameters(HandlerMethod method) {
        List<String> found = new ArrayList<>();
        String[] discovered = names.getParameterNames(method.getMethod());
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
            if (annotation == null) {
                continue;
            }
            String name = !annotation.name().isEmpty() ? annotation.name()
                    : discovered == null ? null : discovered[parameter.getParameterIndex()];
            if (name != null && InputRules.RANGES.containsKey(name)) {
                found.add(name);
            }
        }
        return List.copyOf(found);
    }
}
