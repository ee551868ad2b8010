package io.hubsync.sync;

import io.hubsync.hubspot.ObjectTypes;
import org.apache.camel.builder.RouteBuilder;
import org.quartz.CronExpression;

import java.util.ArrayList;
import java.util.List;

/**
 * Instantiates routes/schedule.camel.yaml's {@code sync-schedule} template once per object type in
 * {@code sync.objects}, with the cron of {@code sync.schedule.<type>} or {@code sync.schedule}.
 * Java because YAML cannot loop over a property list; the template itself stays in YAML.
 */
public final class SyncSchedules extends RouteBuilder {

    @Override
    public void configure() {
        String connection = getContext().resolvePropertyPlaceholders("{{sync.connection}}");
        for (String type : objectTypes(getContext().resolvePropertyPlaceholders("{{sync.objects}}"))) {
            String key = "sync.schedule." + type;
            String cron = getContext().getPropertiesComponent().resolveProperty(key).orElse(null);
            if (cron == null) {
                key = "sync.schedule";
                cron = getContext().resolvePropertyPlaceholders("{{sync.schedule}}");
            }
            if (!CronExpression.isValidExpression(cron)) {
                throw new IllegalArgumentException(key + " = '" + cron + "' is not a Quartz cron expression "
                        + "(seconds minutes hours day-of-month month day-of-week), e.g. 0 0/15 * * * ?");
            }
            templatedRoute("sync-schedule").routeId("schedule-" + type + "-" + connection)
                    .parameter("objectType", type).parameter("connectionId", connection).parameter("cron", cron);
        }
    }

    /** The object types of {@code sync.objects}, checked. */
    public static List<String> objectTypes(String list) {
        List<String> out = new ArrayList<>();
        for (String t : list.split(",")) {
            String type = t.trim();
            if (!type.isEmpty()) {
                ObjectTypes.lastModifiedProperty(type);
                out.add(type);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("sync.objects is empty: list at least one of "
                    + String.join(", ", ObjectTypes.SUPPORTED));
        }
        return out;
    }
}
