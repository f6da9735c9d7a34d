package jp.tsunagu.consultation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.programs.Programs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo city's consultation records (デモの相談記録): about one record per 25 residents over the past year,
 * every category, channel, caller and state — closed, open with a running or overdue clock, referred and waiting,
 * accepted, returned, with follow-ups due, about unidentified persons (some linked later) — generated from a
 * seed, so that the same seed gives the same records (their times are counted back from the first start's day,
 * so that the board has running clocks whenever the demo is started). Also the on-call account {@code tochoku}
 * (当直), granted every category, for the hand-over board.
 */
@Service
public class ConsultationDemo {

    /** The on-call department and account of the demo. */
    public static final String ON_CALL = "tochoku";

    private static final Map<String, String> DEPARTMENT = Map.of("care", "kaigo", "elder-abuse", "kaigo",
            "disability", "shogai", "disability-abuse", "shogai", "childcare", "kodomo", "child-abuse", "kodomo",
            "dv", "kodomo", "poverty", "seikatsu", "other", "shimin");
    private static final Map<String, List<String>> SOURCES = Map.of(
            "care", List.of("kaigo-nintei"), "elder-abuse", List.of("kaigo-nintei"),
            "disability", List.of("shintai-techo", "ryoiku-techo", "seishin-techo"),
            "disability-abuse", List.of("ryoiku-techo", "seishin-techo"),
            "childcare", List.of("hoiku", "boshi-hoken"), "child-abuse", List.of("kodomo-iryo"),
            "dv", List.of("hitorioya-iryo"), "poverty", List.of("seikatsu-hogo"), "other", List.of("kokuho"));
    private static final String[] REFER_TO = {"kodomo", "shogai", "kaigo", "seikatsu"};

    private final ConsultationStore store;
    private final ConsultationProperties properties;
    private final Programs programs;
    private final StaffAccounts accounts;
    private final AccessPolicy access;
    private final JdbcClient jdbc;
    private final TokyoTime time;

    ConsultationDemo(ConsultationStore store, ConsultationProperties properties, Programs programs,
            StaffAccounts accounts, AccessPolicy access, JdbcClient jdbc, TokyoTime time) {
        this.store = store;
        this.properties = properties;
        this.programs = programs;
        this.accounts = accounts;
        this.access = access;
        this.jdbc = jdbc;
        this.time = time;
    }

    /**
     * Creates the on-call account (if missing) and, when the hub holds no consultation record yet, the records;
     * returns how many records were made. One transaction: when {@code stopping} says the application is stopping,
     * the records stop before the next one and nothing of them is kept (the next start writes them all), while the
     * database is still there to roll back.
     */
    @Transactional
    public int seed(long seed, int residents, String password, java.util.function.BooleanSupplier stopping) {
        accounts.saveDepartment(ON_CALL, "当直 (福祉総務課)", "内線 1000");
        if (!accounts.exists(ON_CALL)) {
            accounts.save(ON_CALL, "当直 七海", password, Role.CASEWORKER, ON_CALL);
        }
        for (Category c : properties.categories()) {
            access.grant("demo", ON_CALL, c.grantId(), GrantLevel.DETAIL, false);
        }
        if (jdbc.sql("SELECT count(*) FROM consultation").query(Long.class).single() > 0) {
            return 0;
        }
        SplittableRandom random = new SplittableRandom(seed);
        ZonedDateTime anchor = time.today().atTime(17, 0).atZone(TokyoTime.ZONE);
        int count = Math.max(300, residents / 25);
        List<Category> categories = properties.categories();
        Map<String, String[]> persons = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            if (stopping.getAsBoolean()) {
                throw new IllegalStateException("停止の指示により、相談・通報の記録の作成を中断しました");
            }
            // every category in turn, then at random: each appears, the common ones more often
            Category category = i < categories.size() * 3 ? categories.get(i % categories.size())
                    : categories.get(weighted(random, categories.size()));
            String[] pool = persons.computeIfAbsent(category.code(),
                    c -> programs.personsIn(SOURCES.getOrDefault(c, List.of("kokuho"))));
            // the newest records are the open ones: the board has work on any day the demo starts
            int daysAgo = i < count / 25 ? random.nextInt(4) : random.nextInt(365);
            one(random, category, pool, anchor.minusDays(daysAgo).minusMinutes(random.nextInt(9 * 60)).toInstant(),
                    daysAgo, i < count / 25 && i % 5 == 0);
        }
        return count;
    }

    private static int weighted(SplittableRandom random, int n) {
        return Math.min(n - 1, (int) Math.floor(Math.abs(random.nextGaussian()) * n / 2.5));
    }

    /**
     * One record; {@code waiting}: among the newest, one that is referred and, when it came in the last two days,
     * still waits for 受理 (so that even a small demo city has referrals on the board).
     */
    private void one(SplittableRandom r, Category category, String[] pool, Instant received, int daysAgo,
            boolean waiting) {
        // the entries are written without the record's words, which are then written once
        store.recordWordsOfEntries(entries(r, category, pool, received, daysAgo, waiting));
    }

    /** The record's entries; its id. */
    private long entries(SplittableRandom r, Category category, String[] pool, Instant received, int daysAgo,
            boolean waiting) {
        String department = DEPARTMENT.getOrDefault(category.code(), "shimin");
        String author = department;
        Channel channel = Channel.values()[r.nextInt(Channel.values().length)];
        Caller caller = Caller.values()[r.nextInt(Caller.values().length)];
        Urgency urgency = category.hidden() ? (r.nextInt(10) < 6 ? Urgency.URGENT : Urgency.HIGH)
                : Urgency.values()[1 + r.nextInt(2)];
        Instant at = received.plusSeconds(300 + r.nextInt(1200));
        Instant due = category.hasClock() ? received.plus(category.clock()) : null;
        long id = store.insertHeader(received, channel, caller, category, urgency, department, author, at, due);
        long opened = store.insertEntry(id, EntryKind.OPENED, at, author, department,
                ConsultationTexts.account(category.code(), r), null, null, null, null, null, null, false);
        store.addDepartment(id, department, opened);
        boolean unidentified = caller == Caller.ANONYMOUS && r.nextInt(3) == 0 || pool.length == 0;
        String key = pool.length == 0 ? null : pool[r.nextInt(pool.length)];
        Instant t = at.plusSeconds(60);
        if (unidentified) {
            long subject = store.insertEntry(id, EntryKind.SUBJECT, t, author, department, null, null, null, null, null,
                    null, Map.of("name", "聞き取り: " + (r.nextBoolean() ? "小学生くらいの男の子" : "高齢の女性"),
                            "age", r.nextBoolean() ? "10歳くらい" : "80代", "place", "近所の公園付近"), false);
            if (key != null && (daysAgo > 3 || r.nextBoolean())) {
                t = t.plus(Duration.ofHours(2 + r.nextInt(30)));
                long link = store.insertEntry(id, EntryKind.LINK, t, author, department, null, subject, key, null, null,
                        null, null, false);
                store.addPerson(id, key, link);
            }
        } else {
            long subject = store.insertEntry(id, EntryKind.SUBJECT, t, author, department, null, null, key, null, null,
                    null, null, false);
            store.addPerson(id, key, subject);
        }
        int notes = r.nextInt(3);
        for (int n = 0; n < notes; n++) {
            t = t.plus(Duration.ofHours(1 + r.nextInt(20)));
            store.insertEntry(id, EntryKind.NOTE, t, author, department, ConsultationTexts.note(r), null, null, null,
                    null, null, null, false);
        }
        if (r.nextInt(8) == 0 || waiting) {
            referral(r, id, department, t, daysAgo, waiting);
        }
        boolean open = daysAgo < 4 || r.nextInt(60) == 0;
        if (due != null && (!open || r.nextInt(3) > 0)) {
            // most clocks are met; a few are confirmed late, and some open ones are still running or overdue
            Instant seen = received.plus(Duration.ofHours(r.nextInt(10) == 0 ? 50 : 2 + r.nextInt(40)));
            if (!open || seen.isBefore(time.now().toInstant())) {
                store.insertEntry(id, EntryKind.CONFIRMATION, seen.plusSeconds(600), author, department,
                        "本人と面会し、けがの有無と生活状況を確認した。", null, null, null, null, null,
                        Map.of("seenBy", "相談員 " + (1 + r.nextInt(9)) + "号", "seenAt", seen.toString(),
                                "place", r.nextBoolean() ? "自宅" : "学校・施設"), false);
            }
        }
        if (open) {
            if (r.nextInt(3) == 0) {
                LocalDate dueOn = time.today().plusDays(r.nextInt(5));
                long f = store.insertEntry(id, EntryKind.FOLLOW_UP, t.plusSeconds(60), author, department,
                        r.nextBoolean() ? "家庭訪問" : "関係機関へ電話で確認", null, null, null, author, dueOn,
                        null, false);
                store.followUpOpen(f, id, dueOn);
            }
            return id;
        }
        Instant closed = t.plus(Duration.ofDays(1 + r.nextInt(10)));
        store.insertEntry(id, EntryKind.CLOSED, closed, author, department, "対応を終えたため終結。必要に応じて再度受け付ける。",
                null, null, null, null, null, null, false);
        store.closed(id);
        return id;
    }

    private void referral(SplittableRandom r, long id, String from, Instant t, int daysAgo, boolean waiting) {
        String to = REFER_TO[r.nextInt(REFER_TO.length)];
        if (to.equals(from)) {
            return;
        }
        Instant sent = t.plusSeconds(1800);
        long e = store.insertEntry(id, EntryKind.REFERRAL, sent, from, from, "制度の枠を超えた支援が必要なため、つなぎます。",
                null, null, to, null, null, null, false);
        store.addDepartment(id, to, e);
        int answer = daysAgo < 2 ? r.nextInt(3) : 1 + r.nextInt(2);
        if (waiting && daysAgo < 2) {
            answer = 0;
        }
        if (answer == 0) {
            store.referralPending(e, id, from, to, sent);
        } else if (answer == 1) {
            store.insertEntry(id, EntryKind.ACCEPTED, sent.plus(Duration.ofHours(3)), to, to, "受理しました。担当を決めて連絡します。",
                    e, null, null, null, null, null, false);
        } else {
            store.insertEntry(id, EntryKind.RETURNED, sent.plus(Duration.ofHours(5)), to, to,
                    "当課の制度の対象外のため返戻します。生活支援課への相談をご検討ください。", e, null, null, null, null, null, false);
        }
    }
}
