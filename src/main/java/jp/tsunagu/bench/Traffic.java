package jp.tsunagu.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulated staff for {@code bench load}: one cookie session per user, logged in through the login
 * form as a browser would (the page's CSRF token sent back with the form), then a closed loop of
 * think time (exponential, seeded per user) and one request: a search (half of the requests), an
 * overview (a third; the first result of the user's last search when there was one) or the
 * department list.
 */
final class Traffic {

    static final String SEARCH = "search";
    static final String OVERVIEW = "overview";
    static final String DEPARTMENT = "department";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern PERSON_LINK = Pattern.compile("href=\"/persons/([0-9A-Za-z-]+)\"");
    private static final int MAX_ERROR_SAMPLES = 10;

    /** One request as a client saw it: when it started (nanoTime), how long it took, whether it failed. */
    record Request(String type, long start, double millis, boolean ok) {
    }

    /** Latencies and errors of some requests. */
    record Stat(int count, int errors, double[] millis) {

        Stats.Summary summary() {
            return Stats.of(millis);
        }
    }

    /** The logins before the run. */
    record Logins(int ok, int failed, double[] millis) {

        Stats.Summary summary() {
            return Stats.of(millis);
        }
    }

    /**
     * Every request started inside the measured window, and the count (and failures) of those the
     * users made before it opened.
     */
    record Result(List<Request> requests, double windowSeconds, List<String> errorSamples, int warmupRequests,
            int warmupErrors) {

        List<String> types() {
            Set<String> types = new LinkedHashSet<>(List.of(SEARCH, OVERVIEW, DEPARTMENT));
            requests.forEach(r -> types.add(r.type()));
            return List.copyOf(types);
        }

        /** Requests of one type ({@code null}: all) that match. */
        Stat stat(String type, Predicate<Request> filter) {
            List<Request> chosen = requests.stream().filter(r -> type == null || r.type().equals(type)).filter(filter)
                    .toList();
            return new Stat(chosen.size(), (int) chosen.stream().filter(r -> !r.ok()).count(),
                    chosen.stream().mapToDouble(Request::millis).toArray());
        }
    }

    private final String base;
    private final Duration timeout;
    private final long thinkMillis;
    private final long seed;
    private final List<String> terms;
    private final List<String> keys;
    private final HttpClient client;
    private final Map<String, CookieManager> sessions = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch stop = new CountDownLatch(1);
    private final List<Future<List<Request>>> running = new ArrayList<>();
    private ExecutorService users;
    private volatile long windowStart = Long.MAX_VALUE;
    private final java.util.concurrent.atomic.AtomicInteger warmupRequests = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger warmupErrors = new java.util.concurrent.atomic.AtomicInteger();

    Traffic(int port, long timeoutMillis, long thinkMillis, long seed, List<String> terms, List<String> keys) {
        // the pool drops idle connections well before Tomcat closes them (its keep-alive timeout
        // is 60 s), so that no request goes out on a connection the server is closing
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "15");
        }
        this.base = "http://localhost:" + port;
        this.timeout = Duration.ofMillis(timeoutMillis);
        this.thinkMillis = thinkMillis;
        this.seed = seed;
        this.terms = List.copyOf(terms);
        this.keys = List.copyOf(keys);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Logs every user in (eight at a time): the login page, then the form with its CSRF token. */
    Logins login(List<String> usernames, String password) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (String username : usernames) {
                futures.add(pool.submit(() -> {
                    double millis = login(username, password);
                    if (millis < 0) {
                        // a user who is not logged in makes no requests: they would all be login pages
                        sessions.remove(username);
                    }
                    return millis;
                }));
            }
            List<Double> millis = new ArrayList<>();
            int failed = 0;
            for (Future<Double> f : futures) {
                double m = f.get();
                if (m < 0) {
                    failed++;
                } else {
                    millis.add(m);
                }
            }
            return new Logins(millis.size(), failed, millis.stream().mapToDouble(Double::doubleValue).toArray());
        } finally {
            pool.shutdown();
        }
    }

    /** Milliseconds for the login page and the form, or -1 when the login failed. */
    private double login(String username, String password) {
        CookieManager jar = new CookieManager();
        sessions.put(username, jar);
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> page = send(jar, HttpRequest.newBuilder(URI.create(base + "/login")).GET());
            Matcher token = CSRF.matcher(page.body());
            if (page.statusCode() != 200 || !token.find()) {
                error("login page for " + username + ": status " + page.statusCode() + ", no CSRF token found");
                return -1;
            }
            String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
                    + encode(token.group(1));
            HttpResponse<String> done = send(jar, HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            String location = done.headers().firstValue("Location").orElse("");
            if (done.statusCode() != 302 || location.contains("/login") || location.contains("totp")) {
                error("login of " + username + ": status " + done.statusCode() + " to " + location);
                return -1;
            }
            return (System.nanoTime() - t0) / 1e6;
        } catch (IOException | InterruptedException e) {
            error("login of " + username + ": " + e);
            return -1;
        }
    }

    /** Starts one thread per logged-in user. */
    void start(List<String> usernames) {
        users = Executors.newFixedThreadPool(usernames.size());
        for (int i = 0; i < usernames.size(); i++) {
            CookieManager jar = sessions.get(usernames.get(i));
            if (jar == null) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(seed * 31 + i);
            running.add(users.submit(() -> work(jar, random)));
        }
    }

    /** From now on, requests are recorded. */
    long openWindow() {
        windowStart = System.nanoTime();
        return windowStart;
    }

    /** Stops the users (a request in flight is finished and recorded) and returns what they did. */
    Result stop() throws Exception {
        long end = System.nanoTime();
        stop.countDown();
        List<Request> all = new ArrayList<>();
        for (Future<List<Request>> f : running) {
            all.addAll(f.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS));
        }
        users.shutdown();
        return new Result(all, (end - windowStart) / 1e9, List.copyOf(errorSamples), warmupRequests.get(),
                warmupErrors.get());
    }

    private List<Request> work(CookieManager jar, SplittableRandom random) throws InterruptedException {
        List<Request> done = new ArrayList<>();
        String lastHit = null;
        while (true) {
            long think = (long) (-Math.log(1 - random.nextDouble()) * thinkMillis);
            if (stop.await(think, TimeUnit.MILLISECONDS)) {
                return done;
            }
            double dice = random.nextDouble();
            String type = dice < 0.5 ? SEARCH : dice < 0.85 ? OVERVIEW : DEPARTMENT;
            String path = path(type, random, lastHit);
            long t0 = System.nanoTime();
            String[] hit = new String[1];
            boolean ok = request(jar, type, path, hit);
            double millis = (System.nanoTime() - t0) / 1e6;
            lastHit = type.equals(OVERVIEW) ? null : type.equals(SEARCH) ? hit[0] : lastHit;
            if (t0 >= windowStart) {
                done.add(new Request(type, t0, millis, ok));
            } else {
                warmupRequests.incrementAndGet();
                warmupErrors.addAndGet(ok ? 0 : 1);
            }
        }
    }

    /**
     * The reference for single requests: one user alone, no think time, {@code warmup} then
     * {@code count} requests of one type one after the other; every request counted and any that
     * failed (warm-up ones too), the milliseconds of the timed ones.
     */
    Stat alone(String username, String type, int warmup, int count) {
        CookieManager jar = sessions.get(username);
        if (jar == null) {
            error("one user alone: " + username + " is not logged in");
            return new Stat(warmup + count, warmup + count, new double[0]);
        }
        SplittableRandom random = new SplittableRandom(seed + type.hashCode());
        double[] times = new double[count];
        int errors = 0;
        for (int i = 0; i < warmup + count; i++) {
            long t0 = System.nanoTime();
            boolean ok = request(jar, type, path(type, random, null), new String[1]);
            double millis = (System.nanoTime() - t0) / 1e6;
            errors += ok ? 0 : 1;
            if (i >= warmup) {
                times[i - warmup] = millis;
            }
        }
        return new Stat(warmup + count, errors, times);
    }

    private String path(String type, SplittableRandom random, String lastHit) {
        return switch (type) {
            case SEARCH -> "/search?q=" + encode(terms.get(random.nextInt(terms.size())));
            case OVERVIEW -> "/persons/" + (lastHit != null ? lastHit : keys.get(random.nextInt(keys.size())));
            default -> "/department";
        };
    }

    /** One request; whether it succeeded, and (for a search) the first person found into {@code hit[0]}. */
    private boolean request(CookieManager jar, String type, String path, String[] hit) {
        try {
            HttpResponse<String> response = send(jar, HttpRequest.newBuilder(URI.create(base + path)).GET());
            boolean ok = response.statusCode() == 200 && !response.body().contains("class=\"error-page\"")
                    && !response.body().contains("name=\"password\"");
            if (!ok) {
                error(path + ": status " + response.statusCode()
                        + (response.statusCode() == 200 ? " with an error or login page" : ""));
            } else if (type.equals(SEARCH)) {
                Matcher link = PERSON_LINK.matcher(response.body());
                hit[0] = link.find() ? link.group(1) : null;
            }
            return ok;
        } catch (IOException e) {
            error(path + ": " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error(path + ": interrupted");
            return false;
        }
    }

    private HttpResponse<String> send(CookieManager jar, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpRequest built = request.timeout(timeout).build();
        List<String> cookies = jar.get(built.uri(), Map.of()).getOrDefault("Cookie", List.of());
        HttpRequest.Builder withCookies = HttpRequest.newBuilder(built, (name, value) -> true);
        if (!cookies.isEmpty()) {
            withCookies.header("Cookie", String.join("; ", cookies));
        }
        HttpResponse<String> response = client.send(withCookies.build(), HttpResponse.BodyHandlers.ofString());
        jar.put(built.uri(), response.headers().map());
        return response;
    }

    private void error(String what) {
        if (errorSamples.size() < MAX_ERROR_SAMPLES) {
            errorSamples.add(what);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
