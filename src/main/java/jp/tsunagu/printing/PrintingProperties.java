package jp.tsunagu.printing;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of printing (帳票の設定), under {@code tsunagu.print}.
 *
 * @param font the Japanese font file (.ttf, .otf or .ttc) to embed; unset, the usual places of IPAex Gothic,
 *             IPA Gothic, Noto Sans CJK JP, Takao, VL Gothic and the Windows fonts are searched
 */
@ConfigurationProperties("tsunagu.print")
@Validated
record PrintingProperties(Path font) {
}
