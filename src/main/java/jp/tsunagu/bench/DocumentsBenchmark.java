package jp.tsunagu.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.sql.DataSource;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.documents.DocumentUpload;
import jp.tsunagu.documents.Documents;
import jp.tsunagu.documents.DocumentsProperties;
import jp.tsunagu.documents.NewDocument;
import org.springframework.stereotype.Component;

/**
 * {@code bench documents [--uploads 1000] [--clients 8] [--persons 5] [--lists 300] [--warmup 100]}: photos of about
 * 2 MB registered by concurrent clients through {@link DocumentUpload} — type check, EXIF read, re-encoding, thumbnail,
 * encryption, fsync and rename, row and audit entry — against the bare write of the same bytes to a file in the
 * same folder, fsynced, by the same number of clients (the reference), in the same run. Then the list of one
 * person's files ({@link Documents#list}, with its audit entry) for a person with {@code uploads / persons} files,
 * as the API asks for it (all of them, no thumbnails), and, beside it, the first page of the screen's list (20,
 * with their thumbnails decrypted into the page). Before anything is timed, {@code --warmup} uploads of photos of
 * their own to a person of their own compile the upload path, as a server that has run for a while has it.
 */
@Component
class DocumentsBenchmark implements Benchmark {

    private final DocumentUpload upload;
    private final Documents documents;
    private final StaffAccounts accounts;
    private final AccessPolicy access;
    private final DocumentsProperties properties;
    private final ForeignTables tables;

    DocumentsBenchmark(DocumentUpload upload, Documents documents, StaffAccounts accounts, AccessPolicy access,
            DocumentsProperties properties, DataSource dataSource) {
        this.upload = upload;
        this.documents = documents;
        this.accounts = accounts;
        this.access = access;
        this.properties = properties;
        this.tables = new ForeignTables(dataSource);
    }

    @Override
    public String name() {
        return "documents";
    }

    @Override
    public int run(BenchOptions options) throws Exception {
        int uploads = (int) options.longValue("uploads", 1000);
        int clients = (int) options.longValue("clients", 8);
        int personCount = (int) options.longValue("persons", 5);
        int lists = (int) options.longValue("lists", 300);
        int warmup = (int) options.longValue("warmup", 100);
        System.out.printf(Locale.ROOT, "bench documents: %,d uploads from %d clients over %d persons, %d lists, after "
                + "%,d uploads to warm up; files in %s%n", uploads, clients, personCount, lists, warmup, properties.filesDir());

        accounts.saveDepartment("bench-kaigo", "介護保険課", "2345");
        accounts.save("bench-caseworker", "性能 測子", "bench-" + System.nanoTime(), Role.CASEWORKER, "bench-kaigo");
        Viewer viewer = access.viewer("bench-caseworker");
        List<String> persons = new ArrayList<>();
        for (int i = 0; i < personCount; i++) {
            String key = String.format("99%08d", i + 1);
            tables.insertPerson(key, "性能 太郎" + i);
            persons.add(key);
        }

        long start = System.nanoTime();
        List<byte[]> photos = photos(uploads + warmup);
        long bytes = photos.stream().mapToLong(p -> p.length).sum();
        System.out.printf(Locale.ROOT, "  made %,d distinct photos, %.2f MB on average, in %.1f s%n", uploads + warmup,
                bytes / (double) (uploads + warmup) / 1024 / 1024, (System.nanoTime() - start) / 1e9);

        // a server that has run for a while has its upload path compiled (JIT): the first uploads of a fresh JVM
        // compile it while they run, which is a start-up cost, not an upload's; they go to a person of their own,
        // untimed, with photos of their own (the timed uploads store nothing they stored)
        String warmPerson = "9899999999";
        tables.insertPerson(warmPerson, "性能 準備");
        start = System.nanoTime();
        measure(clients, warmup, i -> upload.upload(viewer, new NewDocument(warmPerson, "準備の写真 " + i, "photo", null,
                null, null, false), "warmup-" + i + ".jpg", photos.get(uploads + i)));
        System.out.printf(Locale.ROOT, "  warmed up with %,d uploads in %.1f s (untimed)%n", warmup,
                (System.nanoTime() - start) / 1e9);

        Path bare = Files.createDirectories(properties.filesDir().resolve("bench-bare"));
        double[] bareMillis = measure(clients, uploads, i -> {
            Path file = bare.resolve("photo-" + i + ".jpg");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(photos.get(i));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
        });
        long bareFiles;
        try (Stream<Path> files = Files.list(bare)) {
            bareFiles = files.count();
        }
        System.out.println("  bare write + fsync:  " + Stats.of(bareMillis).text());

        AtomicInteger deduplicated = new AtomicInteger();
        double[] uploadMillis = measure(clients, uploads, i -> {
            DocumentUpload.Uploaded stored = upload.upload(viewer, new NewDocument(persons.get(i % persons.size()),
                    "訪問時の写真 " + i, "photo", null, null, null, false), "photo-" + i + ".jpg", photos.get(i));
            if (stored.deduplicated()) {
                deduplicated.incrementAndGet();
            }
        });
        System.out.println("  Tsunagu upload:      " + Stats.of(uploadMillis).text());

        String listed = persons.get(0);
        int expectedListed = (uploads + persons.size() - 1) / persons.size();
        double[] listMillis = new double[lists];
        int[] sizes = new int[lists];
        for (int i = 0; i < lists; i++) {
            long t = System.nanoTime();
            Documents.Listing listing = documents.list(viewer, listed, Documents.Query.ALL, 1, 200, false).orElseThrow();
            listMillis[i] = (System.nanoTime() - t) / 1e6;
            sizes[i] = listing.page().items().size();
        }
        System.out.println("  list of one person:  " + Stats.of(listMillis).text() + ", " + sizes[0] + " files");

        double[] pageMillis = new double[lists];
        int[] pageThumbnails = new int[lists];
        for (int i = 0; i < lists; i++) {
            long t = System.nanoTime();
            Documents.Listing listing = documents.list(viewer, listed, Documents.Query.ALL, 1, PAGE, true).orElseThrow();
            pageMillis[i] = (System.nanoTime() - t) / 1e6;
            pageThumbnails[i] = (int) listing.page().items().stream()
                    .filter(c -> c.thumbnail() != null && c.thumbnail().startsWith("data:image/jpeg;base64,")).count();
        }
        System.out.println("  screen's first page: " + Stats.of(pageMillis).text() + ", " + pageThumbnails[0]
                + " thumbnails");

        long rows = tables.documentsOf(persons);
        long[] distinct = tables.distinctContentsOf(persons);
        long contents = tables.storedContents();
        long[] warmed = tables.distinctContentsOf(List.of(warmPerson));
        long stored = storedFiles();
        boolean clean = cleanPhoto(viewer, listed);
        Stats.Summary up = Stats.of(uploadMillis);
        Stats.Summary ref = Stats.of(bareMillis);
        Stats.Summary list = Stats.of(listMillis);
        Stats.Summary screen = Stats.of(pageMillis);
        System.out.printf(Locale.ROOT, "  checked: %,d rows, %,d distinct photos and %,d distinct thumbnails, "
                + "%,d stored contents and %,d encrypted files, %,d bare files, %d photos "
                + "deduplicated, a stored photo has no EXIF: %s%n", rows, distinct[0], distinct[1], contents, stored,
                bareFiles, deduplicated.get(), clean);
        System.out.printf(Locale.ROOT, "RESULT uploads=%d upload_p99_ms=%.1f bare_p99_ms=%.1f ratio=%.1f "
                + "list_p99_ms=%.2f upload_p50_ms=%.1f bare_p50_ms=%.1f list_p50_ms=%.2f page_p50_ms=%.2f "
                + "page_p99_ms=%.2f clients=%d list_files=%d%n",
                uploads, up.percentile(99), ref.percentile(99), up.percentile(99) / ref.percentile(99),
                list.percentile(99), up.p50(), ref.p50(), list.p50(), screen.p50(), screen.percentile(99), clients,
                sizes[0]);
        BenchCheckFailed.check(rows == uploads, "the document table holds " + rows + " rows, expected " + uploads);
        BenchCheckFailed.check(deduplicated.get() == 0, deduplicated.get() + " photos were deduplicated: the benchmark"
                + " measured less than a full upload");
        BenchCheckFailed.check(distinct[0] == uploads, "distinct stored photos " + distinct[0] + ", expected " + uploads);
        BenchCheckFailed.check(distinct[1] == uploads, "distinct thumbnails " + distinct[1] + ", expected " + uploads
                + ": each photo's number must show in its thumbnail, or uploads share one and measure less");
        BenchCheckFailed.check(warmed[0] == warmup && warmed[1] == warmup, "the warm-up stored " + warmed[0]
                + " photos and " + warmed[1] + " thumbnails, expected " + warmup + " of each");
        BenchCheckFailed.check(contents == distinct[0] + distinct[1] + warmed[0] + warmed[1], "stored contents "
                + contents + ", expected the distinct photos and thumbnails, timed and warm-up: "
                + (distinct[0] + distinct[1] + warmed[0] + warmed[1]));
        BenchCheckFailed.check(stored == contents, "encrypted files " + stored + " but stored contents " + contents);
        BenchCheckFailed.check(bareFiles == uploads, "bare files " + bareFiles + ", expected " + uploads);
        BenchCheckFailed.check(java.util.Arrays.stream(sizes).allMatch(n -> n == Math.min(200, expectedListed)),
                "a list did not hold the person's " + expectedListed + " files");
        BenchCheckFailed.check(java.util.Arrays.stream(pageThumbnails).allMatch(n -> n == Math.min(PAGE, expectedListed)),
                "a page of the screen's list did not carry its " + Math.min(PAGE, expectedListed) + " thumbnails");
        BenchCheckFailed.check(clean, "a stored photo still carries EXIF or cannot be read back");
        return 0;
    }

    /** One stored photo of the person, read back through the API, decodes and has no EXIF (APP1) segment. */
    private boolean cleanPhoto(Viewer viewer, String person) throws IOException {
        long id = documents.list(viewer, person, Documents.Query.ALL, 1, 1, false).orElseThrow().page().items().get(0)
                .id();
        try (InputStream in = documents.open(viewer, id, Documents.Use.DOWNLOAD).orElseThrow().stream()) {
            byte[] photo = in.readAllBytes();
            boolean exif = new String(photo, 0, Math.min(photo.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("Exif\0\0");
            return !exif && ImageIO.read(new ByteArrayInputStream(photo)) != null;
        }
    }

    private long storedFiles() throws IOException {
        try (Stream<Path> files = Files.walk(properties.filesDir())) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))
                    .count();
        }
    }

    /** The side of a number's bit in a photo, in pixels. */
    static final int BIT = 24;
    /** The screen's page of files ({@code DocumentController}'s page size). */
    static final int PAGE = 20;

    interface Work {
        void run(int index) throws Exception;
    }

    /** Each client takes the next index until all are done; the latency of each call in milliseconds. */
    private static double[] measure(int clients, int total, Work work) throws Exception {
        ConcurrentLinkedQueue<Double> millis = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        long t = System.nanoTime();
                        work.run(i);
                        millis.add((System.nanoTime() - t) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return millis.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Distinct photos of about 2 MB (a noisy 1,920×1,440 picture at JPEG quality 0.85), each with its number drawn
     * into a corner so that no two have the same pixels (the store would otherwise keep one for all), and an EXIF
     * block with a GPS position, as a phone writes it (upright: orientation 1). The number's bits are squares of
     * {@value #BIT} pixels, large enough to show in the thumbnail too: two uploads with the same thumbnail would
     * share its stored content, and the second would wait on the first's row (a photo's own thumbnail never
     * matches another's).
     */
    private static List<byte[]> photos(int count) throws Exception {
        BufferedImage base = new BufferedImage(1920, 1440, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(20260401L);
        for (int y = 0; y < base.getHeight(); y++) {
            for (int x = 0; x < base.getWidth(); x++) {
                base.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        byte[][] out = new byte[count][];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<?>> futures = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
                futures.add(pool.submit(() -> {
                    BufferedImage image = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_RGB);
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        image.setData(base.getRaster());
                        java.awt.Graphics2D g = image.createGraphics();
                        for (int bit = 0; bit < 32; bit++) {
                            g.setColor(((i >>> bit) & 1) == 1 ? java.awt.Color.WHITE : java.awt.Color.BLACK);
                            g.fillRect(bit * BIT, 0, BIT, BIT);
                        }
                        g.dispose();
                        out[i] = withExif(jpeg(image));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return List.of(out);
    }

    /** The JPEG with an APP1 EXIF block after its SOI: orientation 1 and a GPS position (35.85 N, 139.41 E). */
    static byte[] withExif(byte[] jpeg) {
        ByteBuffer tiff = ByteBuffer.allocate(140);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8).putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 1).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38).putInt(0);
        tiff.putShort((short) 4);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0);
        tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(92);
        tiff.putShort((short) 3).putShort((short) 2).putInt(2).put((byte) 'E').put((byte) 0).putShort((short) 0);
        tiff.putShort((short) 4).putShort((short) 5).putInt(3).putInt(116).putInt(0);
        tiff.putInt(35).putInt(1).putInt(51).putInt(1).putInt(910).putInt(100);
        tiff.putInt(139).putInt(1).putInt(24).putInt(1).putInt(4356).putInt(100);
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 160);
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + tiff.capacity();
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2_500_000);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
