package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The cross-check of the marker: every GET route without {@code @PersonalData}, asked by every staff member
 * with the city's data present (the path filled with the city's values, or, for a route the personal-data
 * table knows, its own requests), returns none of the city's persons' names, kana or keys. What the request
 * itself carried (the key in its path, the terms it searched) is taken out of the answer first: echoing
 * them discloses nothing. So a route that starts returning personal data without the marker fails, naming it.
 */
@MatrixTest
class UnmarkedRoutesTests {

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;

    @Test
    void noRouteWithoutTheMarkerReturnsAPersonsNameOrKey() {
        MatrixCity city = MatrixCity.of(context);
        MatrixClient client = new MatrixClient(mvc, jdbc);
        List<Routes.Route> unmarked = Routes.of(context).stream().filter(r -> r.get() && !r.personalData()).toList();
        assertThat(unmarked).as("GET routes without the marker").isNotEmpty();
        List<String> found = new ArrayList<>();
        for (Routes.Route route : unmarked) {
            for (Supplier<MockHttpServletRequestBuilder> request : requests(city, route)) {
                for (Staff staff : Staff.values()) {
                    var built = request.get().buildRequest(new org.springframework.mock.web.MockServletContext());
                    String context = route.key() + " | " + MatrixClient.describe(request.get()) + " as " + staff;
                    Answer answer = client.ask(request.get(), staff);
                    if (answer.failure() != null || answer.status() >= 500) {
                        found.add(context + ": failed: "
                                + (answer.failure() != null ? answer.failure() : answer.status()));
                        continue;
                    }
                    List<String> echoed = new ArrayList<>(List.of(built.getRequestURI().split("/")));
                    built.getParameterMap().values().forEach(v -> echoed.addAll(List.of(v)));
                    String text = answer.body().without(echoed);
                    for (String value : city.personalValues()) {
                        if (!echoed.contains(value) && text.contains(Decoded.norm(value))) {
                            found.add(context + ": returns " + value + " without the @PersonalData marker");
                        }
                    }
                }
            }
        }
        assertThat(found).as("personal data on routes without the marker").isEmpty();
    }

    /** The personal-data table's requests for the route, or the path filled with every value the city has. */
    private static List<Supplier<MockHttpServletRequestBuilder>> requests(MatrixCity city, Routes.Route route) {
        List<Probe> probes = PersonalRoutes.probes(city, route.key());
        if (!probes.isEmpty()) {
            return probes.stream().map(Probe::request).toList();
        }
        List<String> paths = List.of(route.pattern().replace("/**", "/liveness"));
        for (String variable : route.variables()) {
            List<String> next = new ArrayList<>();
            for (String path : paths) {
                for (String value : PathValues.of(city, route.pattern(), variable)) {
                    next.add(path.replace("{" + variable + "}", value));
                }
            }
            paths = next;
        }
        return paths.stream().<Supplier<MockHttpServletRequestBuilder>>map(p -> () -> Routes.request(p)).toList();
    }
}
