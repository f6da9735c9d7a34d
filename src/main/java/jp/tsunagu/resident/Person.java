package jp.tsunagu.resident;

import java.time.LocalDate;

/**
 * A person of the index (宛名): who the city's master sources say this person key is.
 *
 * @param status 住民 (registered resident), 住登外 (known, not registered here) or 消除 (no longer in
 *     the registry: moved out or died)
 * @param supportMeasure 支援措置: the address and household must not be disclosed
 */
public record Person(String personKey, String masterSource, boolean registered, String status, String name,
        String kana, LocalDate birthDate, String sex, String address, String addressDetail, String householdKey,
        String relation, LocalDate movedOn, String moveReason, boolean supportMeasure) {
}
