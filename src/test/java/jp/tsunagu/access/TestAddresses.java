package jp.tsunagu.access;

import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Source addresses for tests that fail logins: failures are also counted per address, and MockMvc's
 * requests all come from 127.0.0.1, so each such test takes an address of its own.
 */
final class TestAddresses {

    private TestAddresses() {
    }

    /** An address in 10.0.0.0/8 that no other test is likely to use in the same run. */
    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    /** The request comes from this address. */
    static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
