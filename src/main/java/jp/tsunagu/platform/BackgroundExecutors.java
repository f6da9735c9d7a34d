package jp.tsunagu.platform;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Spring's executors as background work ({@link BackgroundPriority}): the task executor runs the modules'
 * listeners that follow an import (the person index, the programs' involvement, life events, statistics, the
 * evacuation list), the scheduler the inbox's imports and the nightly jobs. No request of staff runs on either:
 * their threads are lowered before their first task. Sets {@code tsunagu.background.nice} before any pool or
 * executor is made.
 */
class BackgroundExecutors implements BeanPostProcessor {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BackgroundExecutors.class);

    /**
     * A task handed to the executor after the stop shut it down ({@link ApplicationStop}): an event listener whose
     * event a transaction ending during the stop published. Its event publication is already recorded and stays
     * unfinished until the next start runs it, so the task is left with one line, not thrown back into the
     * transaction's completion (which logged it as an error with a stack trace). An executor that is not shut down
     * rejects nothing (its queue has no bound); if one ever does, the rejection is thrown as before.
     */
    static final java.util.concurrent.RejectedExecutionHandler WHEN_STOPPED = (task, pool) -> {
        if (!pool.isShutdown()) {
            throw new java.util.concurrent.RejectedExecutionException("実行器が処理を受け付けませんでした: " + task);
        }
        log.info("停止のため、停止後に渡された処理は行いません。終わっていない処理は次の起動で続けます");
    };

    BackgroundExecutors(Environment environment) {
        BackgroundPriority.configure(Binder.get(environment).bind("tsunagu.background.nice", Integer.class)
                .orElse(10));
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof ThreadPoolTaskExecutor executor) {
            executor.setTaskDecorator(BackgroundPriority::lowered);
            executor.setRejectedExecutionHandler(WHEN_STOPPED);
        } else if (bean instanceof ThreadPoolTaskScheduler scheduler) {
            scheduler.setTaskDecorator(BackgroundPriority::lowered);
        }
        return bean;
    }
}
