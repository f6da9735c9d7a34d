package jp.tsunagu.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the background priority (背景処理の優先度, {@link BackgroundPriority}).
 *
 * @param nice the nice value of background threads and of their server processes on the embedded database,
 *     0 to 19 (default 10; 0: background work runs at staff's priority, as every thread did before)
 * @param connections the size of the embedded database's pool for background work (default 10)
 */
@ConfigurationProperties("tsunagu.background")
public record BackgroundSettings(Integer nice, Integer connections) {

    public BackgroundSettings {
        if (nice == null) {
            nice = 10;
        }
        if (connections == null) {
            connections = 10;
        }
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("tsunagu.background.nice は 0 から 19 までにしてください: " + nice);
        }
        if (connections < 2) {
            throw new IllegalArgumentException("tsunagu.background.connections は 2 以上にしてください: " + connections);
        }
    }
}
