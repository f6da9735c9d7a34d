package jp.tsunagu.printing;

import jp.tsunagu.platform.TokyoTime;
import org.springframework.stereotype.Component;

/**
 * Starts sheets (帳票の作成) with what every sheet of this city shares: the city's name
 * ({@code tsunagu.city.name}) and today's date in Tokyo.
 */
@Component
public class Sheets {

    private final CityProperties city;
    private final TokyoTime time;

    Sheets(CityProperties city, TokyoTime time) {
        this.city = city;
        this.time = time;
    }

    /** A builder for a sheet titled {@code title}, with the city's name and today's date filled in. */
    public Sheet.Builder sheet(String title) {
        return Sheet.builder(title).cityName(city.name()).printedOn(time.today());
    }

    /** The municipality's name as it is printed (「狭山市」). */
    public String cityName() {
        return city.name();
    }
}
