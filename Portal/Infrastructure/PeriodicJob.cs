using Portal.Infrastructure.Data;

namespace Portal.Infrastructure;

// Work the portal does on its own, at start-up and then once every interval; a failed round is logged and tried again
// at the next one. MinuteJob runs every minute, the retention purge every day. Behind a load balancer a round runs on
// the one instance that holds the job's lease (JobLeases), for one and a half intervals, renewed at each round; a
// transient database error (Transient) is tried again at once, a few times.
public abstract class PeriodicJob(TimeSpan every, JobLeases leases, TimeProvider clock, ILogger log) : BackgroundService
{
    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(every, clock);
        do
        {
            try
            {
                // A round is idempotent (what it does is decided from what it reads), so a deadlock or failover is retried.
                if (await Transient.RetryAsync(() => leases.TryTakeAsync(GetType().Name, every + every / 2, stoppingToken), stoppingToken))
                {
                    await Transient.RetryAsync(() => RunOnceAsync(stoppingToken), stoppingToken);
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                log.LogWarning("{Job} failed: {Message}", GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
