package jp.tsunagu.administration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The page sizes the admin screens promise (50 accounts, 50 unindexed records a page). The screens'
 * own tests, in the modules that own the data, count on these numbers but cannot see the
 * package-private controllers.
 */
class AdminPageSizeTests {

    @Test
    void theStaffListAndTheUnindexedRecordsPageByFifty() {
        assertThat(StaffAdminController.PAGE_SIZE).isEqualTo(50);
        assertThat(DataQualityController.RECORDS_PER_PAGE).isEqualTo(50);
    }
}
