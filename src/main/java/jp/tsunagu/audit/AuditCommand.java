package jp.tsunagu.audit;

import java.util.List;
import jp.tsunagu.platform.Command;
import org.springframework.stereotype.Component;

/** {@code java -jar tsunagu.jar audit verify}: exit 0 when the chain is intact, 4 naming the first broken row. */
@Component
class AuditCommand implements Command {

    static final int EXIT_BROKEN = 4;

    private final AuditVerification verification;

    AuditCommand(AuditVerification verification) {
        this.verification = verification;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public String usage() {
        return "audit verify";
    }

    @Override
    public int run(List<String> args) {
        if (!args.equals(List.of("verify"))) {
            System.err.println("使い方: java -jar tsunagu.jar " + usage());
            return 1;
        }
        AuditVerification.Result result = verification.verify();
        if (result.intact()) {
            System.out.printf("アクセス記録 %,d 行を検査しました。%s%n", result.checked(), result.reason());
            return 0;
        }
        System.out.printf("アクセス記録の行 %d で改ざんを検出しました: %s (それまでの %,d 行は正常)%n",
                result.firstBroken().get(), result.reason(), result.checked());
        return EXIT_BROKEN;
    }
}
