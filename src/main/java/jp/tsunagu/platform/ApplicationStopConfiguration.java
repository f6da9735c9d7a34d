package jp.tsunagu.platform;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

/** The steps of {@link ApplicationStop} as lifecycle beans, and what it needs of the pools and executors. */
@Configuration(proxyBeanMethods = false)
class ApplicationStopConfiguration {

    @Bean
    ApplicationStop applicationStop(ListableBeanFactory beans) {
        return new ApplicationStop(beans);
    }

    @Bean
    SmartLifecycle applicationStopCancel(ApplicationStop stop) {
        return new Step(ApplicationStop.CANCEL, stop::cancel);
    }

    @Bean
    SmartLifecycle applicationStopDrain(ApplicationStop stop) {
        return new Step(ApplicationStop.DRAIN, stop::drain);
    }

    /**
     * Names every pool's connections after this process (so that the stop finds its statements) and moves
     * Spring's executors' lifecycle stop after the work was cancelled: by default they stop first of all and
     * wait the phase's whole timeout for a running task (a stop once took 30 s that way).
     */
    @Bean
    static BeanPostProcessor applicationStopPreparation() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof ExecutorConfigurationSupport executor) {
                    executor.setPhase(ApplicationStop.EXECUTORS);
                } else if (bean instanceof HikariDataSource pool && !pool.isRunning()) {
                    pool.addDataSourceProperty("ApplicationName", ApplicationStop.APPLICATION_NAME);
                }
                return bean;
            }
        };
    }

    /** One step: nothing to start, its work when the context stops. */
    private static final class Step implements SmartLifecycle {

        private final int phase;
        private final Runnable onStop;
        private volatile boolean running;

        Step(int phase, Runnable onStop) {
            this.phase = phase;
            this.onStop = onStop;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            try {
                onStop.run();
            } finally {
                running = false;
            }
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return phase;
        }
    }
}
