package io.hubsync.bench;

import java.io.IOException;
import java.util.Arrays;

/**
 * One benchmark client: pages through the list endpoint on one keep-alive connection, starting
 * over after the last page, until told to stop. It counts only requests that started and ended
 * inside the measurement window, so the warm-up and the shutdown do not blur the figures.
 */
final class ClientLoop implements Runnable {
    /** The measurement window, in {@link System#nanoTime()}; set by the benchmark, read by every client. */
    static final class Window {
        volatile long from = Long.MAX_VALUE;
        volatile long to = Long.MAX_VALUE;
        volatile boolean stopped;

        boolean contains(long start, long end) {
            return start >= from && end <= to;
        }
    }

    private final PageClient client;
    private final String firstPage;
    private final int limit;
    private final Window window;

    long pages;
    long records;
    long bytes;
    /** over the whole run, warm-up included: an error anywhere is worth knowing about */
    long errors;
    String firstError;
    private long[] latencies = new long[16_384];
    private int measured;

    ClientLoop(PageClient client, String firstPage, int limit, Window window) {
        this.client = client;
        this.firstPage = firstPage;
        this.limit = limit;
        this.window = window;
    }

    @Override
    public void run() {
        String after = null;
        while (!window.stopped) {
            String url = after == null ? firstPage : firstPage + "&after=" + after;
            long start = System.nanoTime();
            try {
                PageClient.Page page = client.get(url);
                long end = System.nanoTime();
                if (page.status() != 200) {
                    error("HTTP " + page.status() + " for " + url);
                    after = null;
                    continue;
                }
                after = PageScan.nextAfter(page.body(), page.length());
                if (window.contains(start, end)) {
                    pages++;
                    // a page with a next cursor holds a full limit of records (checked on the first page);
                    // scanning every page for records cost the client as much CPU as the rest of its work
                    records += after != null ? limit : PageScan.records(page.body(), page.length());
                    bytes += page.length();
                    if (measured == latencies.length) {
                        latencies = Arrays.copyOf(latencies, measured * 2);
                    }
                    latencies[measured++] = end - start;
                }
            } catch (IOException | RuntimeException e) {
                error(e.toString());
                after = null;
                pause();
            }
        }
        client.close();
    }

    private void error(String what) {
        errors++;
        if (firstError == null) {
            firstError = what;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Nanoseconds of each measured request, in no particular order. */
    long[] latencies() {
        return Arrays.copyOf(latencies, measured);
    }
}
