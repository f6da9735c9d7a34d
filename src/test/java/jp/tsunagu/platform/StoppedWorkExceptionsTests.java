package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;

/**
 * A background listener that a stop cancelled is logged as one line saying what was interrupted; one that fails while
 * the application runs is an error with its stack trace ({@link StoppedWorkExceptions}).
 */
@ExtendWith(OutputCaptureExtension.class)
class StoppedWorkExceptionsTests {

    /** A listener of the kind the stop cancels. */
    static class ResidentIndexLike {
        void on(Object event) {
        }
    }

    private static final Method ON;

    static {
        try {
            ON = ResidentIndexLike.class.getDeclaredMethod("on", Object.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ch.qos.logback.classic.Level level;

    /** The test profile logs warnings only; the line of a stop is information. */
    @org.junit.jupiter.api.BeforeEach
    void logInformation() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                StoppedWorkExceptions.class);
        level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
    }

    @org.junit.jupiter.api.AfterEach
    void restoreLevel() {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(StoppedWorkExceptions.class)).setLevel(level);
    }

    private static RuntimeException cancelled() {
        return new IllegalStateException("宛名索引の作成に失敗しました",
                new QueryTimeoutException("PreparedStatementCallback; SQL [SELECT pg_advisory_xact_lock(?)]",
                        new SQLException("ERROR: canceling statement due to user request\n  Where: PL/pgSQL function")));
    }

    @Test
    void aListenerCancelledByAStopIsOneLineWithoutAStackTrace(CapturedOutput output) {
        AsyncUncaughtExceptionHandler handler = StoppedWorkExceptions.handler(() -> true);
        handler.handleUncaughtException(cancelled(), ON, "event");
        String logged = output.getAll();
        assertThat(logged).contains("停止のため中断しました: ResidentIndexLike.on (ERROR: canceling statement due to user request)")
                .contains("次の起動で続けます").doesNotContain("Where: PL/pgSQL").doesNotContainPattern("(?m)^\\s+at ")
                .doesNotContain(" ERROR ");
        assertThat(logged.lines().filter(l -> l.contains("停止のため中断しました"))).hasSize(1);
    }

    @Test
    void aListenerThatFailsWhileTheApplicationRunsIsAnErrorWithItsStackTrace(CapturedOutput output) {
        AtomicBoolean stopping = new AtomicBoolean();
        AsyncUncaughtExceptionHandler handler = StoppedWorkExceptions.handler(stopping::get);
        handler.handleUncaughtException(cancelled(), ON, "event");
        assertThat(output.getAll()).doesNotContain("停止のため中断しました").contains(" ERROR ")
                .contains("ResidentIndexLike.on").containsPattern("(?m)^\\s+at ");
    }

    @Test
    void anErrorWithoutAMessageIsNamedByItsClass() {
        assertThat(StoppedWorkExceptions.reason(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(StoppedWorkExceptions.reason(new IllegalStateException("アクセス記録の書込みが中断されました",
                new RuntimeException()))).isEqualTo("アクセス記録の書込みが中断されました");
        assertThat(StoppedWorkExceptions.reason(new java.util.concurrent.RejectedExecutionException(
                "Task java.util.concurrent.FutureTask@1248f83[Not completed] rejected from ...")))
                .isEqualTo("処理を受け付ける実行器は停止しています");
    }

    @Test
    void workOfTheStartThatAStopInterruptedEndsTheStartQuietlyAndAnyOtherFailureIsTheStarts() {
        org.springframework.context.support.GenericApplicationContext context =
                new org.springframework.context.support.GenericApplicationContext();
        RuntimeException broken = new IllegalStateException("壊れた設定");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ApplicationStop.duringStart(context, "初回の計算",
                () -> {
                    throw broken;
                }))).as("not stopping: the start's own failure").isSameAs(broken);

        new ApplicationStop(context, "test").onApplicationEvent(new org.springframework.context.event.ContextClosedEvent(
                context));
        assertThat(ApplicationStop.closing(context)).isTrue();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ApplicationStop.duringStart(context, "初回の計算",
                () -> {
                    throw cancelled();
                }))).as("stopping: Spring Boot neither logs nor closes again")
                .isInstanceOf(org.springframework.boot.SpringApplication.AbandonedRunException.class);
        assertThat(ApplicationStop.closing(new org.springframework.context.support.GenericApplicationContext())).isFalse();
    }
}
