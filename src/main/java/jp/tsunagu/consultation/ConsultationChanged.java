package jp.tsunagu.consultation;

/**
 * Something was appended to a record (相談記録の更新), published inside the writing transaction and sent to the
 * hand-over boards after its commit. It carries no personal data: a board asks again, under its viewer's rules.
 */
public record ConsultationChanged(long consultationId, EntryKind kind) {
}
