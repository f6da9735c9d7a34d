package jp.tsunagu.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.platform.ApplicationStop;
import jp.tsunagu.platform.DatabaseProperties;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Brings up the sample municipality: generates day 1 of the city, registers its source definitions,
 * imports every export through the normal intake with progress on the console, and creates demo
 * staff for several departments and roles. A second start finds the data imported and reuses it.
 */
@Component
@Order(100)
@ConditionalOnWebApplication
@EnableConfigurationProperties(DemoProperties.class)
class DemoMunicipality implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoMunicipality.class);

    /** Demo staff: user id, name, role, department id, department name, extension. */
    record DemoStaff(String username, String name, Role role, String departmentId, String department,
            String extension) {
    }

    /**
     * One account per kind of user. Departments that own sample sources are named, and reached, as
     * the sources' definitions say (sample/sources/*.yml): a card that says 「担当: こども支援課 (内線 2410)」
     * is about the same department the clerk kodomo belongs to ({@code DemoStaffTests}).
     *
     * <p>{@code kanri} is the demo's administrator, with the demo password; {@code admin} is the
     * administrator every hub creates at its first start ({@code BootstrapAdministrator}), whose
     * password is printed once (or taken from {@code TSUNAGU_ADMIN_PASSWORD}). Both may do the same.
     */
    static final List<DemoStaff> STAFF = List.of(
            new DemoStaff("kanri", "管理 太郎", Role.ADMIN, "system", "情報システム課", "1100"),
            new DemoStaff("kaigo", "介護 花子", Role.CASEWORKER, "kaigo", "介護保険課", "2345"),
            new DemoStaff("shogai", "障害 次郎", Role.CASEWORKER, "shogai", "障害者福祉課", "2270"),
            new DemoStaff("kodomo", "子供 三郎", Role.CASEWORKER, "kodomo", "こども支援課", "2410"),
            new DemoStaff("seikatsu", "生活 四郎", Role.CASEWORKER, "seikatsu", "生活支援課", "2210"),
            new DemoStaff("madoguchi", "窓口 五子", Role.VIEWER, "shimin", "市民課", "1210"),
            new DemoStaff("kansa", "監査 六郎", Role.AUDITOR, "somu", "総務課", "6789"));

    private final DemoProperties properties;
    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final StaffAccounts accounts;
    private final jp.tsunagu.importing.RecordReader records;
    private final org.springframework.core.env.Environment environment;
    private final Path databaseFolder;
    private final jp.tsunagu.consultation.ConsultationDemo consultations;
    private final ObjectProvider<ApplicationStop> stop;

    DemoMunicipality(DemoProperties properties, SourceCatalog catalog, SnapshotImport imports,
            StaffAccounts accounts, jp.tsunagu.importing.RecordReader records,
            org.springframework.core.env.Environment environment, ObjectProvider<DatabaseProperties> database,
            jp.tsunagu.consultation.ConsultationDemo consultations, ObjectProvider<ApplicationStop> stop) {
        this.consultations = consultations;
        this.stop = stop;
        this.environment = environment;
        this.databaseFolder = database.getIfAvailable(() -> new DatabaseProperties(null, false, true, 0)).dataDir();
        this.properties = properties;
        this.catalog = catalog;
        this.imports = imports;
        this.accounts = accounts;
        this.records = records;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.enabled() && !args.containsOption("demo")) {
            return;
        }
        try {
            prepare();
        } catch (RuntimeException e) {
            if (!stopping()) {
                throw e;
            }
            // a stop (Ctrl+C) while the city is prepared: the import under way rolled back and says 中断, the
            // records of the consultations are written in one transaction; the next start prepares the rest
            say("停止の指示により、デモ自治体の準備を中断しました。取り込み済みの連携元はそのまま残り、次の起動で残りを準備します");
            throw ApplicationStop.abandon();
        }
    }

    /**
     * Whether the application is stopping: the preparation ends before its next step (an import, a consultation
     * record), while the database is still there to roll back what is under way.
     */
    private boolean stopping() {
        ApplicationStop s = stop.getIfAvailable();
        return s != null && s.closing();
    }

    private void prepare() {
        List<String> ids = SampleMunicipality.sourceIds();
        long imported = records.importedSources(ids);
        if (imported == ids.size()) {
            say("デモ自治体は取込済みです (連携元 " + ids.size() + " 件)。前回のデータを使います。");
        } else {
            load();
        }
        createStaff();
        // 相談記録 of the demo city and the on-call account (the consultation module's own generator)
        int made = consultations.seed(properties.seed(), SampleSize.parse(properties.size()).residents(),
                properties.password(), this::stopping);
        if (made > 0) {
            say(String.format(Locale.ROOT, "相談・通報の記録 %,d 件を作りました (当直の職員 %s、パスワードは上と同じ)", made,
                    jp.tsunagu.consultation.ConsultationDemo.ON_CALL));
        }
    }

    private void load() {
        SampleSize size = SampleSize.parse(properties.size());
        Path dir = folder().resolve("day-1");
        say("デモ自治体 (狭山市をもとにした架空の市) を生成しています: 規模 " + properties.size() + " …");
        long t0 = System.nanoTime();
        GenerationResult city = SampleMunicipality.generate(size, 1, properties.seed(), dir);
        say(String.format(Locale.ROOT, "  住民 %,d 人、連携元 %d 件、%,d 行を生成しました (%.1f 秒)", city.residents(),
                city.sources().size(), city.totalRows(), (System.nanoTime() - t0) / 1e9));
        catalog.registerFolder(dir.resolve("sources"));
        int i = 0;
        for (GenerationResult.SourceFile file : city.sources()) {
            if (stopping()) {
                throw new IllegalStateException("停止の指示により、デモ自治体の取込を中断しました");
            }
            i++;
            long t = System.nanoTime();
            ImportReport report = imports.importFile(file.id(), file.file(), "demo", "demo");
            say(String.format(Locale.ROOT, "  [%2d/%d] %-22s %,9d 行 … %s (%.1f 秒)", i, city.sources().size(),
                    file.name(), report.rowsRead(), report.status().label(), (System.nanoTime() - t) / 1e9));
            if (report.status() != ImportStatus.APPLIED && report.status() != ImportStatus.DUPLICATE
                    && report.status() != ImportStatus.UNCHANGED) {
                throw new IllegalStateException("デモデータの取込に失敗しました: " + file.id() + " " + report.message() + " "
                        + report.problems().stream().limit(5).toList());
            }
        }
        say(String.format(Locale.ROOT, "デモ自治体の準備ができました (生成と取込で %.1f 秒)", (System.nanoTime() - t0) / 1e9));
    }

    /**
     * Where the generated city is written: {@code tsunagu.demo.data-dir}, or {@code demo} beside the
     * database folder — not {@code ./tsunagu-data} of whatever folder the hub was started from.
     */
    Path folder() {
        return folder(properties.dataDir(), databaseFolder);
    }

    static Path folder(Path configured, Path databaseFolder) {
        if (configured != null) {
            return configured;
        }
        Path parent = databaseFolder.toAbsolutePath().normalize().getParent();
        return (parent == null ? databaseFolder.toAbsolutePath() : parent).resolve("demo");
    }

    private void createStaff() {
        StringBuilder table = new StringBuilder("\n==== デモ用職員アカウント (パスワードはすべて ")
                .append(properties.password()).append(") ====\n");
        for (DemoStaff s : STAFF) {
            accounts.saveDepartment(s.departmentId(), s.department(), "内線 " + s.extension());
            if (!accounts.exists(s.username())) {
                accounts.save(s.username(), s.name(), properties.password(), s.role(), s.departmentId());
            }
            table.append(String.format("  %-10s %-8s %-6s %s%n", s.username(), s.name(), s.role().label(),
                    s.department()));
        }
        table.append("  (admin は初回起動時に作られる管理者で、パスワードはその時に一度だけ表示されます。\n")
                .append("   kanri はデモ用の管理者で、できることは admin と同じです。)\n");
        table.append("http://localhost:").append(environment.getProperty("local.server.port", "8080"))
                .append("/ でログインしてください\n=========================================\n");
        System.out.println(table);
    }

    private static void say(String line) {
        log.info(line);
        System.out.println(line);
    }
}
