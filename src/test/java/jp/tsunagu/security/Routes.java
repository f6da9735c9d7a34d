package jp.tsunagu.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.servlet.RequestDispatcher;
import jp.tsunagu.platform.PersonalData;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/** Every route the application registers, read from its own handler mappings, never from a list kept by hand. */
final class Routes {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    /** One method and path pattern, and the handler method behind it. */
    record Route(String method, String pattern, HandlerMethod handler) {

        /** {@code GET /persons/{personKey}}: how the access rules and the request table name it. */
        String key() {
            return method + " " + pattern;
        }

        /** Whether the handler method is marked as one that returns personal data. */
        boolean personalData() {
            return handler.hasMethodAnnotation(PersonalData.class);
        }

        boolean get() {
            return method.equals("GET");
        }

        /** Whether the handler takes an uploaded file: its form is sent as multipart. */
        boolean takesFiles() {
            return java.util.Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> MultipartFile.class.isAssignableFrom(p.getParameterType()));
        }

        /** The names of the path's variables, in order. */
        List<String> variables() {
            List<String> names = new ArrayList<>();
            Matcher m = VARIABLE.matcher(pattern);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    private Routes() {
    }

    /**
     * A GET of this path as it is reached: {@code /error} is where the servlet container forwards an error,
     * with the error's status (here a page not found); every other path as it is.
     */
    static MockHttpServletRequestBuilder request(String path) {
        MockHttpServletRequestBuilder get = MockMvcRequestBuilders.get(path);
        return path.equals("/error") ? get.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404) : get;
    }

    /** Every route, sorted by its key; a mapping without a method is a GET. */
    static List<Route> of(ApplicationContext context) {
        List<Route> routes = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            mapping.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                for (String pattern : info.getPatternValues()) {
                    if (methods.isEmpty()) {
                        routes.add(new Route("GET", pattern, handler));
                    }
                    for (RequestMethod method : methods) {
                        routes.add(new Route(method.name(), pattern, handler));
                    }
                }
            });
        }
        routes.sort(Comparator.comparing(Route::key));
        return routes;
    }
}
