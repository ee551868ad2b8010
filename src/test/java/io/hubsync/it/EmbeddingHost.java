package io.hubsync.it;

import io.hubsync.app.HubsyncRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import java.util.Properties;

/**
 * An application that embeds hubsync, as docs/embedding.md shows it (EmbeddingSnippetTest keeps the
 * two the same). EmbeddedLibraryIT compiles and runs it with only the library and the dependencies
 * its pom declares on the class path; it syncs on its schedules until its standard input ends.
 */
public final class EmbeddingHost {

    public static void main(String[] args) throws Exception {
        // snippet:begin
        // hubsync's settings over the defaults of the application.properties in its jar; environment
        // variables (HUBSPOT_ACCESS_TOKEN, DB_TOKEN_KEY, ...) win over both
        Properties settings = new Properties();
        settings.setProperty("db.url", "jdbc:h2:file:./data/crm;AUTO_SERVER=TRUE");
        settings.setProperty("sync.objects", "contacts,companies");
        CamelContext context = new DefaultCamelContext();
        HubsyncRoutes.addTo(context, settings);
        context.start();
        // snippet:end
        // this host logs nothing of its own (no logging backend on its class path): it says when it is up
        System.out.println("host started: " + context.getRoutesSize() + " routes");
        // until its standard input ends (EmbeddedLibraryIT closes it); then hubsync stops before the JVM
        // does, as H2 closes its file from a shutdown hook of its own under whatever still runs
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        context.close();
    }
}
