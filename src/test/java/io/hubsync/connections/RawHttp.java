package io.hubsync.connections;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One TCP connection to hubsync's server, written to byte by byte: what java.net.http cannot send
 * (a request that stops halfway, a body that never comes, a declared length the body does not
 * have) and what it cannot tell (whether the server closed the connection).
 */
final class RawHttp implements AutoCloseable {
    /** An answer: status, headers (names lower-cased) and body. */
    record Answer(int status, Map<String, String> headers, String body) { }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connected, reads failing after {@code timeoutMillis} without a byte (a test's upper bound, not a wait). */
    RawHttp(int port, int timeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMillis);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawHttp send(String ascii) throws IOException {
        return send(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One chunk of a chunked body, in one write (so that it arrives whole before any answer). */
    RawHttp chunk(byte[] data) throws IOException {
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        c.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        c.writeBytes(data);
        c.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return send(c.toByteArray());
    }

    /** The next answer on this connection (its Content-Length says where it ends). */
    Answer read() throws IOException {
        String head = head();
        if (head == null) {
            throw new IOException("the server closed the connection without answering");
        }
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = "chunked".equals(headers.get("transfer-encoding")) ? chunked()
                : in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int size;
        do {
            size = Integer.parseInt(line(), 16);
            body.writeBytes(in.readNBytes(size));
            line();
        } while (size > 0);
        return body.toByteArray();
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    /**
     * Whether the server closed the connection (end of stream or a reset) before the read timeout;
     * false when it is still open. Bytes the server sent first are skipped.
     */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() != -1) {
                // an answer before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** Status line and headers, or null when the connection ended before the first byte. */
    private String head() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            buf.write(b);
            String s = buf.toString(StandardCharsets.ISO_8859_1);
            if (s.endsWith("\r\n\r\n")) {
                return s.substring(0, s.length() - 4);
            }
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
