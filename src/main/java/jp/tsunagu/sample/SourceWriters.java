package jp.tsunagu.sample;

import java.io.IOException;
import java.util.List;

/**
 * The table of the sample city's sources (one writer per source, grouped by department family in
 * {@link MasterWriters}, {@link ElderlyCareWriters}, {@link DisabilityWriters}, {@link ChildWriters}
 * and {@link LivelihoodWriters}): which rows the department's system would export on the snapshot's date and
 * how it writes them. The column names are those of the shipped definition; the dialect (BOM, line
 * ends, key padding) is given with each source in {@link #ALL}.
 */
final class SourceWriters {

    @FunctionalInterface
    interface Writer {
        void write(SourceWriters w, CsvSink out, CsvSink.Dialect d) throws IOException;
    }

    record Source(String id, CsvSink.Dialect dialect, Writer writer) {
    }

    private static final CsvSink.Dialect CP932_PADDED = new CsvSink.Dialect(false, true, true);
    private static final CsvSink.Dialect CP932_PLAIN = new CsvSink.Dialect(false, true, false);
    private static final CsvSink.Dialect BOM_PADDED = new CsvSink.Dialect(true, true, true);
    private static final CsvSink.Dialect BOM_PLAIN = new CsvSink.Dialect(true, true, false);
    private static final CsvSink.Dialect TSV_PADDED = new CsvSink.Dialect(false, false, true);

    /** The sources in the order they are written; the first two are the masters. */
    static final List<Source> ALL = List.of(
            new Source("jumin-kiroku", CP932_PADDED, MasterWriters::residentRegistry),
            new Source("jutogai", BOM_PLAIN, MasterWriters::nonResidents),
            new Source("kaigo-shikaku", CP932_PADDED, ElderlyCareWriters::careInsurance),
            new Source("kaigo-nintei", CP932_PADDED, ElderlyCareWriters::careCertification),
            new Source("koreisha-fukushi", BOM_PLAIN, ElderlyCareWriters::elderlyServices),
            new Source("shintai-techo", CP932_PLAIN, DisabilityWriters::physicalCertificate),
            new Source("ryoiku-techo", CP932_PLAIN, DisabilityWriters::intellectualCertificate),
            new Source("seishin-techo", CP932_PADDED, DisabilityWriters::mentalCertificate),
            new Source("shogai-service", TSV_PADDED, DisabilityWriters::disabilityServices),
            new Source("jiritsu-shien", CP932_PADDED, DisabilityWriters::supportMedical),
            new Source("jido-teate", CP932_PADDED, ChildWriters::childAllowance),
            new Source("jido-fuyo", CP932_PLAIN, ChildWriters::singleParentAllowance),
            new Source("tokubetsu-jido-fuyo", CP932_PADDED, ChildWriters::specialChildAllowance),
            new Source("kodomo-iryo", BOM_PLAIN, ChildWriters::childMedical),
            new Source("hitorioya-iryo", CP932_PADDED, ChildWriters::singleParentMedical),
            new Source("hoiku", BOM_PADDED, ChildWriters::childcare),
            new Source("shugaku-enjo", CP932_PLAIN, ChildWriters::schoolAid),
            new Source("boshi-hoken", CP932_PADDED, ChildWriters::maternalHealth),
            new Source("seikatsu-hogo", CP932_PADDED, LivelihoodWriters::publicAssistance),
            new Source("kokuho", CP932_PLAIN, LivelihoodWriters::nationalHealthInsurance),
            new Source("koki-korei", BOM_PADDED, LivelihoodWriters::lateElderlyMedical),
            new Source("kokumin-nenkin", CP932_PLAIN, LivelihoodWriters::nationalPension),
            new Source("shitei-nanbyo", BOM_PADDED, LivelihoodWriters::intractableDisease));

    final Snapshot s;
    final Programs programs;

    SourceWriters(Snapshot s) {
        this.s = s;
        this.programs = new Programs(s);
    }

    /** A two-digit code: 3 is 03. */
    static String code2(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
