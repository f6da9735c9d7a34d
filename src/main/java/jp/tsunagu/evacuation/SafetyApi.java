package jp.tsunagu.evacuation;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The shapes 安否確認 entries are sent in, by the phone page and by API clients. */
final class SafetyApi {

    private SafetyApi() {
    }

    /** One entry as a device sends it; {@code id} is made by the device, so a resend is stored once. */
    @Schema(name = "SafetyEntry", description = "安否確認の記録 1 件。id は端末が作る UUID で、再送しても 1 件として保存される")
    record EntryInput(
            @Schema(description = "端末が作った記録の ID (UUID)", example = "4b7c2f0e-8f5a-4d7e-9a51-0c3b1e2d6f10") String id,
            @Schema(description = "宛名番号", example = "0000123458") String personKey,
            @Schema(description = "安否: UNCONFIRMED 未確認、SAFE 無事、NEEDS_HELP 要支援、ABSENT 不在、SHELTER 避難所、TRANSPORTED 搬送",
                    example = "SAFE") String status,
            @Schema(description = "避難所名 (SHELTER のとき)", example = "入間川小学校") String shelter,
            @Schema(description = "メモ", example = "長男が付き添い") String note,
            @Schema(description = "確認した日時 (ISO 8601、端末の時計)", example = "2026-12-01T10:15:00+09:00") String observedAt) {

        SafetyChecks.Entry entry() {
            UUID uuid;
            try {
                uuid = UUID.fromString(id == null ? "" : id);
            } catch (IllegalArgumentException e) {
                throw new EvacuationInputException("安否確認の id は UUID で送ってください");
            }
            SafetyStatus s;
            try {
                s = SafetyStatus.valueOf(status == null ? "" : status);
            } catch (IllegalArgumentException e) {
                throw new EvacuationInputException("安否 (status) は UNCONFIRMED・SAFE・NEEDS_HELP・ABSENT・SHELTER・TRANSPORTED のどれかです");
            }
            OffsetDateTime at;
            try {
                at = observedAt == null || observedAt.isBlank() ? null : OffsetDateTime.parse(observedAt);
            } catch (java.time.format.DateTimeParseException e) {
                throw new EvacuationInputException("確認日時 (observedAt) は ISO 8601 で送ってください");
            }
            return new SafetyChecks.Entry(uuid, PersonKeyInput.normalise(personKey), s, shelter, note, at);
        }
    }
}
