package io.hubsync.observe;

import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import java.util.Map;

/**
 * Readiness: Quartz, which fires every schedule (routes/schedule.camel.yaml and the sweeps', the
 * webhook inbox's and housekeeping's), has started and is not paused. Camel starts it only once the
 * whole context has started, so until then hubsync is not ready.
 */
public final class SchedulerCheck extends AbstractHealthCheck {

    public SchedulerCheck() {
        super("hubsync", "scheduler");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        QuartzComponent quartz = getCamelContext().hasComponent("quartz") instanceof QuartzComponent q ? q : null;
        try {
            Scheduler scheduler = quartz == null ? null : quartz.getScheduler();
            if (scheduler != null && scheduler.isStarted() && !scheduler.isInStandbyMode() && !scheduler.isShutdown()) {
                builder.message("started").up();
            } else {
                builder.message("the schedules have not started (yet)").down();
            }
        } catch (SchedulerException e) {
            builder.message("the scheduler cannot say whether it runs").down();
        }
    }
}
