package jp.tsunagu.documents;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encryption at rest (保存時の暗号化): each file gets its own random AES-256 data key, wrapped (AES-GCM) by the
 * master key and kept in the file's header; the content follows in segments of 64 KiB, each sealed with
 * AES-GCM under the data key (nonce: the segment's number and whether it is the last), so that a file is read
 * as a stream, and a segment changed, reordered or cut off is detected. The header is every segment's
 * associated data. A file is self-contained: the same content encrypted twice (two uploads at once) gives two
 * valid files, either of which may stay.
 *
 * <pre>
 * "TSGDOC1\n" | key id (8 ASCII) | wrap nonce (12) | wrapped data key (32 + 16 tag) | segments…
 * </pre>
 */
@Component
class FileCipher {

    static final byte[] MAGIC = "TSGDOC1\n".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = MAGIC.length + 8 + 12 + 48;
    static final int SEGMENT = 64 * 1024;
    private static final int TAG = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DocumentKeys keys;

    FileCipher(DocumentKeys keys) {
        this.keys = keys;
    }

    /** Writes the plaintext encrypted to {@code out}. */
    void encrypt(byte[] plaintext, OutputStream out) throws IOException {
        try {
            byte[] dataKey = new byte[32];
            RANDOM.nextBytes(dataKey);
            byte[] wrapNonce = new byte[12];
            RANDOM.nextBytes(wrapNonce);
            byte[] keyId = keys.id().getBytes(StandardCharsets.US_ASCII);
            Cipher wrap = Cipher.getInstance("AES/GCM/NoPadding");
            wrap.init(Cipher.ENCRYPT_MODE, keys.master(), new GCMParameterSpec(128, wrapNonce));
            wrap.updateAAD(MAGIC);
            wrap.updateAAD(keyId);
            byte[] wrapped = wrap.doFinal(dataKey);
            ByteBuffer header = ByteBuffer.allocate(HEADER).put(MAGIC).put(keyId).put(wrapNonce).put(wrapped);
            byte[] headerBytes = header.array();
            out.write(headerBytes);
            SecretKeySpec key = new SecretKeySpec(dataKey, "AES");
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            int segments = Math.max(1, (plaintext.length + SEGMENT - 1) / SEGMENT);
            for (int i = 0; i < segments; i++) {
                int from = i * SEGMENT;
                int to = Math.min(plaintext.length, from + SEGMENT);
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(i, i == segments - 1)));
                cipher.updateAAD(headerBytes);
                out.write(cipher.doFinal(plaintext, from, to - from));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("添付ファイルを暗号化できません", e);
        }
    }

    /** The plaintext of an encrypted file, as a stream; a changed or cut file fails with an {@link IOException}. */
    InputStream decrypt(InputStream in) throws IOException {
        byte[] header = in.readNBytes(HEADER);
        if (header.length < HEADER || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new IOException("添付ファイルの形式が違います (暗号化されたファイルではありません)");
        }
        String keyId = new String(header, MAGIC.length, 8, StandardCharsets.US_ASCII);
        if (!keyId.equals(keys.id())) {
            throw new IOException("添付ファイルは別の鍵 (" + keyId + ") で暗号化されています");
        }
        try {
            Cipher unwrap = Cipher.getInstance("AES/GCM/NoPadding");
            unwrap.init(Cipher.DECRYPT_MODE, keys.master(),
                    new GCMParameterSpec(128, header, MAGIC.length + 8, 12));
            unwrap.updateAAD(header, 0, MAGIC.length + 8);
            byte[] dataKey = unwrap.doFinal(header, MAGIC.length + 20, 48);
            return new Segments(in, new SecretKeySpec(dataKey, "AES"), header);
        } catch (GeneralSecurityException e) {
            throw new IOException("添付ファイルの鍵を復号できません (改ざんまたは鍵の誤り)", e);
        }
    }

    /** The whole plaintext of an encrypted file. */
    byte[] decryptAll(InputStream in) throws IOException {
        try (InputStream plain = decrypt(in)) {
            return plain.readAllBytes();
        }
    }

    private static byte[] nonce(long segment, boolean last) {
        return ByteBuffer.allocate(12).putLong(segment).putInt(last ? 1 : 0).array();
    }

    /** Reads segment after segment, one ahead, so that the last one is known (its nonce says so). */
    private static final class Segments extends InputStream {

        private final InputStream in;
        private final SecretKeySpec key;
        private final byte[] header;
        private final Cipher cipher;
        private byte[] next;
        private byte[] plain = new byte[0];
        private int pos;
        private long index;
        private boolean done;

        Segments(InputStream in, SecretKeySpec key, byte[] header) throws IOException, GeneralSecurityException {
            this.in = in;
            this.key = key;
            this.header = header;
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            this.next = in.readNBytes(SEGMENT + TAG);
            if (next.length < TAG) {
                throw new EOFException("添付ファイルが途中で切れています");
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (pos == plain.length) {
                if (done) {
                    return -1;
                }
                advance();
            }
            int n = Math.min(len, plain.length - pos);
            System.arraycopy(plain, pos, b, off, n);
            pos += n;
            return n;
        }

        private void advance() throws IOException {
            byte[] current = next;
            next = current.length == SEGMENT + TAG ? in.readNBytes(SEGMENT + TAG) : new byte[0];
            boolean last = next.length == 0;
            if (!last && next.length < TAG) {
                throw new EOFException("添付ファイルが途中で切れています");
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce(index++, last)));
                cipher.updateAAD(header);
                plain = cipher.doFinal(current);
            } catch (GeneralSecurityException e) {
                throw new IOException("添付ファイルが改ざんされているか、途中で切れています", e);
            }
            pos = 0;
            done = last;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Encrypts into a byte array (for tests and small contents). */
    byte[] encrypt(byte[] plaintext) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + HEADER + TAG * 2);
        encrypt(plaintext, out);
        return out.toByteArray();
    }
}
