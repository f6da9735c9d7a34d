package jp.tsunagu.security;

import java.util.List;
import java.util.function.Supplier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * One request of a personal-data route about the city's data, and what each staff member must get from it.
 *
 * @param route the route as the handler mappings name it ({@code GET /persons/{personKey}})
 * @param request makes the request, without a login (a builder keeps what is added to it: a new one each time)
 * @param sees a staff member who must get the data (the 503 check asks as them)
 * @param personal the personal data the answer carries when it is allowed (names, keys): never in a refusal
 * @param prepare what must have happened before the request (an audit screen needs someone's look to show)
 * @param expect the check of one staff member's answer, when their role may use the route
 */
record Probe(String route, Supplier<MockHttpServletRequestBuilder> request, Staff sees, List<String> personal,
        Prepare prepare, Expect expect) {

    /** Something done before the request, through the application's own routes. */
    interface Prepare {
        void run(MockMvc mvc) throws Exception;
    }

    /** The check of one answer. */
    interface Expect {
        void check(Staff staff, Answer answer, Findings findings);
    }

    /** The request as a person would type it: method, path and query. */
    String describe() {
        return MatrixClient.describe(request.get());
    }
}
