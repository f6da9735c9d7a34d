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

    BackgroundExecutors(Environment environment) {
        BackgroundPriority.configure(Binder.get(environment).bind("tsunagu.background.nice", Integer.class)
                .orElse(10));
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof ThreadPoolTaskExecutor executor) {
            executor.setTaskDecorator(BackgroundPriority::lowered);
        } else if (bean instanceof ThreadPoolTaskScheduler scheduler) {
            scheduler.setTaskDecorator(BackgroundPriority::lowered);
        }
        return bean;
    }
}
