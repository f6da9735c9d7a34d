package jp.tsunagu.consultation;

import java.io.IOException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live feed of the hand-over boards (引継ぎボードの更新通知): every open board holds a server-sent events
 * stream; after a change to any record is committed, each stream gets an event {@code changed} with the
 * record's number only — no personal data travels this way — and the board asks again for its items under
 * its own viewer's rules (and audit). The streams live in this process: with several application nodes, put a
 * PostgreSQL {@code LISTEN/NOTIFY} between them. When the application stops, every stream is ended first (the
 * browser reconnects to another node or after the restart), so that an open board does not hold the web
 * server's graceful shutdown for its whole timeout.
 */
@Component
class BoardEvents {

    /** Streams are closed by the browser or after an hour; the browser's EventSource reconnects by itself. */
    static final long TIMEOUT_MS = 60 * 60 * 1000L;

    private final CopyOnWriteArrayList<SseEmitter> emitters = new CopyOnWriteArrayList<>();

    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(TIMEOUT_MS);
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        try {
            emitter.send(SseEmitter.event().name("ready").data("ready"));
        } catch (IOException e) {
            emitters.remove(emitter);
        }
        return emitter;
    }

    /** After the commit: readers can now see what the event announces. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void changed(ConsultationChanged event) {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().name("changed").data(Long.toString(event.consultationId())));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    /** Before the web server's graceful shutdown (the context's lifecycle stops after this event). */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        for (SseEmitter emitter : emitters) {
            emitter.complete();
        }
        emitters.clear();
    }

    int listeners() {
        return emitters.size();
    }
}
