package jp.tsunagu.audit;

import java.util.List;
import java.util.Optional;
import jp.tsunagu.platform.Command;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar tsunagu.jar audit verify | rotate-key | checkpoint}: checks the chain against the
 * key ring and the signed checkpoints (exit 0 when intact, 4 naming the first broken row), rotates
 * the key, or checkpoints the head now (before a backup, say).
 */
@Component
class AuditCommand implements Command {

    static final int EXIT_BROKEN = 4;

    private final AuditVerification verification;
    private final AuditKeyRotation rotation;
    private final AuditCheckpoints checkpoints;
    private final AuditKeys keys;

    AuditCommand(AuditVerification verification, AuditKeyRotation rotation, AuditCheckpoints checkpoints,
            AuditKeys keys) {
        this.verification = verification;
        this.rotation = rotation;
        this.checkpoints = checkpoints;
        this.keys = keys;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public String usage() {
        return "audit verify | audit rotate-key | audit checkpoint";
    }

    @Override
    public int run(List<String> args) throws Exception {
        if (args.equals(List.of("verify"))) {
            return verify();
        }
        if (args.equals(List.of("rotate-key"))) {
            return rotateKey();
        }
        if (args.equals(List.of("checkpoint"))) {
            return checkpoint();
        }
        System.err.println("使い方: java -jar tsunagu.jar " + usage());
        return 1;
    }

    private int verify() {
        AuditVerification.Result result = verification.verify();
        if (result.intact()) {
            System.out.printf("アクセス記録 %,d 行を検査しました (チェックポイント %,d 件と照合)。%s%n", result.checked(),
                    result.checkpoints(), result.reason());
            return 0;
        }
        System.out.printf("アクセス記録の行 %d で改ざんを検出しました: %s (それまでの %,d 行は正常)%n",
                result.firstBroken().get(), result.reason(), result.checked());
        return EXIT_BROKEN;
    }

    private int rotateKey() throws Exception {
        if (keys.fromEnvironment()) {
            System.err.println("鍵は環境変数 " + AuditKeys.ENVIRONMENT_VARIABLE + " から読んでいます。次の新しい鍵を"
                    + " 既存の鍵の後に (カンマで区切って) 加え、Tsunagu を再起動してください:");
            System.err.println(AuditKeys.newSecretText());
            return 1;
        }
        AuditKeyRotation.Rotated rotated = rotation.rotate(System.getProperty("user.name", "system"));
        System.out.printf("アクセス記録の鍵を %s から %s に更新しました (記録 %d)。古い鍵は %s に残してあります。%n",
                rotated.previousKeyId(), rotated.keyId(), rotated.entry(), keys.source());
        return 0;
    }

    private int checkpoint() throws Exception {
        Optional<Checkpoint> written = checkpoints.write();
        System.out.println(written.map(cp -> "チェックポイントを書きました: " + cp.line())
                .orElse("前回のチェックポイントから記録は増えていません"));
        return 0;
    }
}
