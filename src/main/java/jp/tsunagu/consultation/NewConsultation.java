package jp.tsunagu.consultation;

import java.time.Instant;
import java.util.List;

/**
 * What is taken down when a call or report comes in (受付): when, how, from whom, about whom, what about,
 * how urgent, and the account in the caller's words.
 *
 * @param receivedAt when it came in (defaults to now when {@code null})
 * @param personKeys the residents it is about, found with the search box
 * @param unidentified a person not yet identified, or {@code null}
 */
public record NewConsultation(Instant receivedAt, Channel channel, Caller caller, String category, Urgency urgency,
        String account, List<String> personKeys, Unidentified unidentified) {

    public NewConsultation {
        personKeys = personKeys == null ? List.of() : List.copyOf(personKeys);
    }
}
