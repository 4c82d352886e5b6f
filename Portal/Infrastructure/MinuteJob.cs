namespace Portal.Infrastructure;

// Work the portal does on its own, at start-up and then every minute (closing periods and cases).
public abstract class MinuteJob(TimeProvider clock, ILogger log) : PeriodicJob(TimeSpan.FromMinutes(1), clock, log);
