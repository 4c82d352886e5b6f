using System.Globalization;
using System.Resources;
using Portal.Resources;

namespace Portal.Features.Announcements;

public static class AnnouncementTitle
{
    private static readonly ResourceManager Texts = new("Portal.Resources.SharedResource", typeof(SharedResource).Assembly);

    // The official (Chinese) title printed on the notice, e.g. 玉溪镇桂花村2026年贫困户识别村级公示; the stage's part is its
    // procedure title in the neutral (Chinese) resources.
    public static string Official(string scopeName, int year, AnnouncementKind kind, ProcedureStage stage) =>
        $"{scopeName}{year}年{KindName(kind)}{Texts.GetString(stage.Name, CultureInfo.InvariantCulture) ?? stage.Name}";

    private static string KindName(AnnouncementKind kind) => kind switch
    {
        AnnouncementKind.Identification => "贫困户识别",
        AnnouncementKind.Exit => "贫困户脱贫退出",
        AnnouncementKind.AssistancePlan => "贫困户帮扶措施",
        AnnouncementKind.MonitoringInclusion => "纳入防止返贫致贫对象",
        AnnouncementKind.RiskElimination => "防止返贫致贫对象风险消除",
        _ => "扶贫资金项目",
    };
}
