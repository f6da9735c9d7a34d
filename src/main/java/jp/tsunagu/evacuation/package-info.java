/**
 * Evacuation support (避難行動要支援者): the statutory list of residents who need help to evacuate
 * (避難行動要支援者名簿, 災害対策基本法 49条の10 and after), computed from the linked data by the criteria
 * in {@code ./evacuation/criteria.yml} after every relevant import; consent per supporter purpose; districts
 * as sets of 町丁目; exports that carry only the statutory items, each recorded as a handover; disaster mode
 * with 安否確認. Reads program records through {@code programs}, persons through {@code resident}, grants
 * through {@code access}, and records every read of personal data through {@code audit}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "japanese", "importing", "programs",
        "resident", "access", "audit", "printing"})
package jp.tsunagu.evacuation;
