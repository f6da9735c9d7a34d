package jp.tsunagu.resident;

import java.time.LocalDate;

/**
 * A person of the index (宛名): who the city's master sources say this person key is.
 *
 * @param status 住民 (registered resident), 住登外 (known, not registered here) or 消除 (no longer in
 *     the registry: moved out or died)
 * @param supportMeasure 支援措置: the person is a victim the measure protects (or marked directly by the master)
 * @param addressProtected the address, household and whereabouts must not be disclosed to a viewer without the
 *     支援措置 permission: the person has the measure, or is registered in the household of one who has (同伴者)
 */
public record Person(String personKey, String masterSource, boolean registered, String status, String name,
        String kana, LocalDate birthDate, String sex, String address, String addressDetail, String householdKey,
        String relation, LocalDate movedOn, String moveReason, boolean supportMeasure, boolean addressProtected) {

    /**
     * The person as a viewer who may not see their whereabouts is shown them: address, 方書, household
     * and relation withheld (they never leave the server).
     */
    public Person withoutWhereabouts() {
        return new Person(personKey, masterSource, registered, status, name, kana, birthDate, sex, null, null, null,
                null, movedOn, moveReason, supportMeasure, addressProtected);
    }
}
