using Portal.Features.Households;

namespace Portal.Features.Announcements;

// Monitoring households (防止返贫致贫): which case status each monitoring kind lists, and the status the finalized last
// stage of its announcement gives them — Proposed → Monitored for a MonitoringInclusion (the county decision),
// Monitored → RiskEliminated for a RiskElimination (the county notice). Pure; MonitoringStore writes what it decides.
// The mapping lives here because Households may not know announcement kinds.
public static class MonitoringLifecycle
{
    public static (MonitoringStatus From, MonitoringStatus To)? Transition(AnnouncementKind kind) => kind switch
    {
        AnnouncementKind.MonitoringInclusion => (MonitoringStatus.Proposed, MonitoringStatus.Monitored),
        AnnouncementKind.RiskElimination => (MonitoringStatus.Monitored, MonitoringStatus.RiskEliminated),
        _ => null,
    };

    public static bool IsAboutMonitoring(AnnouncementKind kind) => Transition(kind) is not null;

    // Only the last stage decides: the publicity and the township check before it change nothing.
    public static bool Decides(Announcement a, AnnouncementRules rules) => IsAboutMonitoring(a.Kind) && rules.NextStage(a.Kind, a.Stage) is null;
}
