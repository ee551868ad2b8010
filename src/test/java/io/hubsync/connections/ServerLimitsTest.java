package io.hubsync.connections;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What anyone who reaches the port can do without a key: oversized bodies (declared or chunked),
 * requests that stop halfway, connections that send nothing, more connections than the cap. Each
 * is cut off early, stores nothing, and the server answers the next authorized request. Small
 * limits, so that it all takes seconds.
 */
class ServerLimitsTest {
    static final int API_LIMIT = 1024;
    static final int WEBHOOK_LIMIT = 4096;
    static final int MAX_CONNECTIONS = 3;
    static final int IDLE_MILLIS = 2500;

    static ServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new ServerFixture(Map.of(
                "server.api-max-body-size", String.valueOf(API_LIMIT),
                "server.webhook-max-body-size", String.valueOf(WEBHOOK_LIMIT),
                "server.max-connections", String.valueOf(MAX_CONNECTIONS),
                "server.idle-timeout", IDLE_MILLIS + "ms"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingTheBody() throws Exception {
        for (String[] path : new String[][] {{"/webhooks/hubspot", "server.webhook-max-body-size"},
            {"/api/v1/connections", "server.api-max-body-size"}}) {
            try (RawHttp c = new RawHttp(server.port, 10_000)) {
                // the headers only: an answer that waited for the 10 MB would never come
                c.send(post(path[0], "Content-Length: 10000000"));
                RawHttp.Answer a = c.read();
                assertEquals(413, a.status(), path[0] + ": " + a.body());
                assertTrue(a.body().contains(path[1]), a.body());
                assertTrue(a.headers().get("content-type").startsWith("application/json"), a.headers().toString());
                assertTrue(c.closedByServer(), path[0] + ": the connection stays open for the body");
            }
        }
        // a path nothing serves: its body is not read either
        try (RawHttp c = new RawHttp(server.port, 10_000)) {
            RawHttp.Answer a = c.send(post("/nowhere", "Content-Length: 10000000")).read();
            assertEquals(404, a.status(), a.body());
            assertTrue(a.headers().get("content-type").startsWith("application/json"), a.headers().toString());
            assertTrue(c.closedByServer(), "the connection stays open for the body");
        }
        // the OAuth pages are GETs: no body at all
        try (RawHttp c = new RawHttp(server.port, 10_000)) {
            c.send("GET /oauth/connect?connection=acme HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n");
            assertEquals(413, c.read().status());
        }
        assertNothingStored();
        assertAnswersAnAuthorizedRequest();
    }

    @Test
    void aChunkedBodyIsCutOffOnceItPassesTheLimit() throws Exception {
        for (String[] path : new String[][] {{"/webhooks/hubspot", String.valueOf(WEBHOOK_LIMIT)},
            {"/api/v1/connections", String.valueOf(API_LIMIT)}}) {
            int limit = Integer.parseInt(path[1]);
            try (RawHttp c = new RawHttp(server.port, 10_000)) {
                c.send(post(path[0], "Transfer-Encoding: chunked"));
                c.chunk(filler(limit / 2));
                // past the limit; no end of the body follows, as from a client that would go on for ever
                c.chunk(filler(limit));
                RawHttp.Answer a = c.read();
                assertEquals(413, a.status(), path[0] + ": " + a.body());
                assertTrue(c.closedByServer(), path[0] + ": the connection stays open for the rest");
            }
        }
        assertNothingStored();
        assertAnswersAnAuthorizedRequest();
    }

    @Test
    void bodiesUnderTheLimitGetThrough() throws Exception {
        // unsigned: refused by the signature check, which is past the limit
        byte[] events = filler(WEBHOOK_LIMIT - 100);
        try (RawHttp c = new RawHttp(server.port, 10_000)) {
            c.send(post("/webhooks/hubspot", "Content-Length: " + events.length)).send(events);
            assertEquals(401, c.read().status());
        }
        String add = "{\"name\":\"acme\",\"token\":\"" + server.emu.token + "\",\"schedule\":\"0 0 0 1 1 ? 2099\"}";
        try (RawHttp c = new RawHttp(server.port, 10_000)) {
            c.send(post("/api/v1/connections", "Content-Length: " + add.length()) + add);
            RawHttp.Answer a = c.read();
            assertEquals(201, a.status(), a.body());
        }
        try (RawHttp c = new RawHttp(server.port, 10_000)) {
            c.send("DELETE /api/v1/connections/acme HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + ServerFixture.API_KEY + "\r\nConnection: close\r\n\r\n");
            assertEquals(200, c.read().status());
        }
    }

    @Test
    void stalledIdleAndExcessConnectionsAreClosed() throws Exception {
        try (RawHttp halfway = new RawHttp(server.port, IDLE_MILLIS * 3);
             RawHttp silent = new RawHttp(server.port, IDLE_MILLIS * 3)) {
            halfway.send("POST /api/v1/connections HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le");
            assertTrue(halfway.closedByServer(), "a request that stopped halfway holds its connection");
            assertTrue(silent.closedByServer(), "a connection that sends nothing stays open");
        }
        List<RawHttp> held = new ArrayList<>();
        try {
            // each answered, so the server has counted it
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                RawHttp c = new RawHttp(server.port, 10_000);
                held.add(c);
                assertEquals(200, c.send(authorizedGet("keep-alive")).read().status());
            }
            // one more is closed at once (well before the idle timeout), the others stay
            try (RawHttp extra = new RawHttp(server.port, IDLE_MILLIS / 2)) {
                assertTrue(extra.closedByServer(), "a connection past server.max-connections was kept");
            }
            assertEquals(200, held.get(0).send(authorizedGet("keep-alive")).read().status());
        } finally {
            for (RawHttp c : held) {
                c.close();
            }
        }
        // the closed ones make room again
        await().atMost(Duration.ofSeconds(10)).untilAsserted(ServerLimitsTest::assertAnswersAnAuthorizedRequest);
    }

    static String post(String path, String lengthHeader) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ServerFixture.API_KEY
                + "\r\nContent-Type: application/json\r\n" + lengthHeader + "\r\n\r\n";
    }

    static String authorizedGet(String connection) {
        return "GET /api/v1/connections HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ServerFixture.API_KEY
                + "\r\nConnection: " + connection + "\r\n\r\n";
    }

    static byte[] filler(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) ' ');
        return b;
    }

    static void assertAnswersAnAuthorizedRequest() throws IOException {
        try (RawHttp c = new RawHttp(server.port, 10_000)) {
            RawHttp.Answer a = c.send(authorizedGet("close")).read();
            assertEquals(200, a.status(), a.body());
            assertTrue(a.body().startsWith("["), a.body());
        }
    }

    static void assertNothingStored() throws Exception {
        assertEquals(0, server.connectionsCount());
        assertEquals(0, server.sync.count("SELECT COUNT(*) FROM webhook_inbox"));
    }
}
