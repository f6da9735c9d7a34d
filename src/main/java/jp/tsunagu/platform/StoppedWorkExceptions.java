package jp.tsunagu.platform;

import java.lang.reflect.Method;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.interceptor.AsyncUncaughtExceptionHandler;
import org.springframework.aop.interceptor.SimpleAsyncUncaughtExceptionHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;

/**
 * 停止で中断された非同期処理 (background work a stop interrupted): when the application stops, {@link ApplicationStop}
 * cancels the statements of the event listeners still running (the person index after an import, the programs'
 * involvement, the evacuation list …); each then ends with 「canceling statement due to user request」, its event
 * publication stays incomplete, and the next start runs it again. That is the stop working as designed, not an
 * error: it is logged as one line saying what was interrupted, not as an error with a stack trace (before, a stop
 * seconds after an import wrote several hundred lines of them). A listener that fails while the application is not
 * stopping is still an error, logged with its stack trace as Spring does.
 *
 * <p>Spring Boot keeps its own executor for the listeners (it wraps this configurer and takes only the handler from
 * it).
 */
@Configuration(proxyBeanMethods = false)
class StoppedWorkExceptions implements AsyncConfigurer {

    private static final Logger log = LoggerFactory.getLogger(StoppedWorkExceptions.class);

    /** Looked up when a listener fails, not when the configurer is made (async support is set up early). */
    private final ObjectProvider<ApplicationStop> stop;

    StoppedWorkExceptions(ObjectProvider<ApplicationStop> stop) {
        this.stop = stop;
    }

    @Override
    public AsyncUncaughtExceptionHandler getAsyncUncaughtExceptionHandler() {
        return handler(() -> {
            ApplicationStop s = stop.getIfAvailable();
            return s != null && s.closing();
        });
    }

    /**
     * The handler: one line when the application is stopping ({@code stopping}), else Spring's (an error with
     * its stack trace).
     */
    static AsyncUncaughtExceptionHandler handler(BooleanSupplier stopping) {
        AsyncUncaughtExceptionHandler otherwise = new SimpleAsyncUncaughtExceptionHandler();
        return (Throwable error, Method method, Object... params) -> {
            if (stopping.getAsBoolean()) {
                log.info("停止のため中断しました: {}.{} ({})。終わっていない処理は次の起動で続けます",
                        method.getDeclaringClass().getSimpleName(), method.getName(), reason(error));
            } else {
                otherwise.handleUncaughtException(error, method, params);
            }
        };
    }

    /** The first line of the innermost message (the database's 「canceling statement …」), or the error's class. */
    static String reason(Throwable error) {
        String message = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.RejectedExecutionException) {
                return "処理を受け付ける実行器は停止しています";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return error.getClass().getSimpleName();
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
