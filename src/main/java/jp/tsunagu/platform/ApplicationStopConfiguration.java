package jp.tsunagu.platform;

import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The steps of {@link ApplicationStop} as lifecycle beans, and what it needs of the pools and executors. */
@Configuration(proxyBeanMethods = false)
class ApplicationStopConfiguration {

    @Bean
    ApplicationStop applicationStop(ApplicationContext beans, ConnectionNames names) {
        return new ApplicationStop(beans, names.applicationName());
    }

    @Bean
    SmartLifecycle applicationStopCancel(ApplicationStop stop) {
        return new Step(ApplicationStop.CANCEL, stop::cancel);
    }

    @Bean
    SmartLifecycle applicationStopDrain(ApplicationStop stop) {
        return new Step(ApplicationStop.DRAIN, stop::drain);
    }

    @Bean
    static ConnectionNames connectionNames() {
        return new ConnectionNames();
    }

    @Bean
    static BackgroundExecutors backgroundExecutors(org.springframework.core.env.Environment environment) {
        return new BackgroundExecutors(environment);
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
