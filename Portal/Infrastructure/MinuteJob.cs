using Portal.Infrastructure.Data;

namespace Portal.Infrastructure;

// Work the portal does on its own, at start-up and then every minute (closing periods and cases).
public abstract class MinuteJob(JobLeases leases, TimeProvider clock, ILogger log) : PeriodicJob(TimeSpan.FromMinutes(1), leases, clock, log);
