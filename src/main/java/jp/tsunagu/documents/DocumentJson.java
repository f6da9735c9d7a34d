package jp.tsunagu.documents;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.access.Withheld;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.platform.TypedValue;

/**
 * A file as the JSON API gives it (添付の JSON): what the viewer may see of it, each value typed beside its Japanese
 * display form ({@link TypedValue}), and whom to ask when only its existence may be seen.
 */
@Schema(name = "Document", description = "添付ファイル一件。seen が EXISTS のときは fields に所管課と内線だけが入ります。")
record DocumentJson(
        @Schema(description = "添付番号", example = "12") long id,
        @Schema(description = "見える範囲: FULL (中身まで)、CONTENT_WITHHELD (支援措置のため件名と種別のみ)、"
                + "EXISTS (ファイルがあることと担当課のみ)", example = "FULL") String seen,
        @Schema(description = "項目 (型付きの値)") List<TypedValue> fields,
        @Schema(description = "中身を取得する URL (seen が FULL のときだけ)", nullable = true,
                example = "/api/v1/persons/0000100002/documents/12/content") String content) {

    static DocumentJson of(DocumentCard card, String personKey) {
        List<TypedValue> fields = new ArrayList<>();
        fields.add(TypedValue.code("department", "所管課", card.departmentId(), card.departmentName()));
        fields.add(TypedValue.text("extension", "内線", card.extension()));
        if (card.seen() != Seen.EXISTS) {
            fields.add(TypedValue.text("title", "件名", card.title()));
            fields.add(TypedValue.code("kind", "種別", card.kind(), card.kindLabel()));
            fields.add(card.sourceId() == null ? TypedValue.empty("program", "制度")
                    : TypedValue.code("program", "制度", card.sourceId(), card.programName()));
            fields.add(TypedValue.text("lifeEvent", "ライフイベント", card.lifeEvent()));
            fields.add(new TypedValue("shared", "共有", card.shared(), card.shared() ? "共有" : "共有しない"));
            fields.add(TypedValue.code("mediaType", "形式", card.mediaType(), card.typeLabel()));
            fields.add(TypedValue.number("size", "大きさ", card.size(), card.sizeText()));
            fields.add(card.pages() == null ? TypedValue.empty("pages", "ページ数")
                    : TypedValue.number("pages", "ページ数", card.pages(), card.pages() + "ページ"));
            fields.add(new TypedValue("uploadedAt", "登録日時", TokyoTime.iso(card.uploadedAt()),
                    TokyoTime.minutes(card.uploadedAt())));
            fields.add(TypedValue.text("uploadedBy", "登録者", card.uploadedBy()));
            fields.add(TypedValue.date("keepUntil", "保存期限", card.keepUntil(),
                    JapaneseDates.warekiWithYear(card.keepUntil())));
            fields.add(card.seen() == Seen.FULL ? TypedValue.text("fileName", "ファイル名", card.fileName())
                    : Withheld.whereaboutsField("fileName", "ファイル名"));
        }
        return new DocumentJson(card.id(), card.seen().name(), fields, card.openable()
                ? "/api/v1/persons/" + personKey + "/documents/" + card.id() + "/content" : null);
    }
}
