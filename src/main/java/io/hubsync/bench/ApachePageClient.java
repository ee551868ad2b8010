package io.hubsync.bench;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Apache HttpClient 5 classic (on the classpath through camel-http, which the sync uses) with a
 * pool of one connection: the request runs on the caller's thread and the body is read into one
 * reused buffer, so the client costs little CPU next to the server on the same two cores.
 */
final class ApachePageClient implements PageClient {
    private final CloseableHttpClient http;
    private final String authorization;
    private byte[] buffer = new byte[128 * 1024];

    ApachePageClient(String token) {
        this.authorization = "Bearer " + token;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(1).setMaxConnPerRoute(1)
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(30))
                                .build())
                        .build())
                .disableAutomaticRetries().disableCookieManagement().disableContentCompression()
                .disableRedirectHandling().disableAuthCaching()
                .build();
    }

    @Override
    public Page get(String url) throws IOException {
        HttpGet get = new HttpGet(url);
        get.addHeader("Authorization", authorization);
        return http.execute(get, response -> {
            HttpEntity entity = response.getEntity();
            int n = 0;
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    int r;
                    while ((r = in.read(buffer, n, buffer.length - n)) >= 0) {
                        n += r;
                        if (n == buffer.length) {
                            buffer = Arrays.copyOf(buffer, buffer.length * 2);
                        }
                    }
                }
            }
            return new Page(response.getCode(), buffer, n);
        });
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // the benchmark is over: nothing to do about a failed close
        }
    }
}
