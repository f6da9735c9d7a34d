package jp.tsunagu.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * The virus scan (ウイルス検査) by a ClamAV daemon ({@code clamd}, Debian's {@code clamav-daemon}) when its socket
 * is configured ({@code tsunagu.documents.clamd-socket}); without it, files are not scanned. The file is sent
 * with clamd's {@code INSTREAM} command; a finding refuses the file, and so does a daemon that does not answer
 * (a scan that was configured and could not run must not let the file through).
 */
@Component
class VirusScan {

    private static final int CHUNK = 64 * 1024;

    private final Path socket;

    VirusScan(DocumentsProperties properties) {
        this.socket = properties.clamdSocket();
    }

    boolean enabled() {
        return socket != null;
    }

    /** Refuses the file when clamd finds something in it or cannot be asked. */
    void check(byte[] bytes, String fileName) {
        if (socket == null) {
            return;
        }
        String answer;
        try {
            answer = scan(bytes);
        } catch (IOException e) {
            throw new RefusedFileException("scan-unavailable", fileName + " をウイルス検査できなかったため、受け付けません"
                    + " (検査サーバーに接続できません)。しばらくしてからもう一度登録してください", e);
        }
        if (answer.endsWith("FOUND")) {
            String found = answer.substring(answer.indexOf(':') + 1, answer.length() - "FOUND".length()).strip();
            throw new RefusedFileException("virus", fileName + " からウイルス (" + found
                    + ") が見つかったため、受け付けません");
        }
        if (!answer.endsWith("OK")) {
            throw new RefusedFileException("scan-unavailable", fileName + " をウイルス検査できなかったため、受け付けません ("
                    + answer + ")");
        }
    }

    /** clamd's answer for the bytes: {@code stream: OK} or {@code stream: NAME FOUND}. */
    String scan(byte[] bytes) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            write(channel, ByteBuffer.wrap("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII)));
            for (int from = 0; from < bytes.length; from += CHUNK) {
                int length = Math.min(CHUNK, bytes.length - from);
                write(channel, ByteBuffer.allocate(4).putInt(0, length));
                write(channel, ByteBuffer.wrap(bytes, from, length));
            }
            write(channel, ByteBuffer.allocate(4).putInt(0, 0));
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            while (channel.read(buffer) > 0) {
                reply.write(buffer.array(), 0, buffer.position());
                buffer.clear();
                if (reply.toString(StandardCharsets.US_ASCII).indexOf('\0') >= 0) {
                    break;
                }
            }
            return reply.toString(StandardCharsets.US_ASCII).replace("\0", "").strip();
        }
    }

    private static void write(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
