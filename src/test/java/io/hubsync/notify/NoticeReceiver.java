package io.hubsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A user's backend for the tests: a real HTTP listener that checks each notice's signature as the
 * README tells receivers to, and keeps what it accepted. It can be stopped (nothing listens on its
 * port) and started again on the same port, or told to answer 503 a number of times.
 */
public final class NoticeReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    public final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    final AtomicInteger refusedSignatures = new AtomicInteger();
    final AtomicInteger failNext = new AtomicInteger();
    private final String secret;
    private int port;
    private HttpServer server;

    public NoticeReceiver(String secret) throws IOException {
        this.secret = secret;
        start();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hooks/hubsync";
    }

    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        port = server.getAddress().getPort();
        server.createContext("/hooks/hubsync", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Hubsync-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Hubsync-Signature");
            int status;
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = 503;
            } else if (!valid(timestamp, raw, signature)) {
                refusedSignatures.incrementAndGet();
                status = 401;
            } else {
                accepted.add(JSON.readTree(raw));
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Answers 503 to the next {@code n} notices (0: accepts again); for tests outside this package. */
    public void refuseNext(int n) {
        failNext.set(n);
    }

    void stop() {
        server.stop(0);
    }

    /** The check from the README: HMAC-SHA256 of "timestamp.body", compared in constant time. */
    private boolean valid(String timestamp, byte[] raw, String signature) {
        if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(raw);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring(3)));
        } catch (Exception e) {
            return false;
        }
    }

    List<String> ids() {
        return accepted.stream().map(n -> n.get("id").asText()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
