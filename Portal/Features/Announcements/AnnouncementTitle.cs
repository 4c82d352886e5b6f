namespace Portal.Features.Announcements;

public static class AnnouncementTitle
{
    // The official (Chinese) title printed on the notice, e.g. 玉溪镇桂花村2026年贫困户识别村级公示.
    public static string Official(string scopeName, int year, AnnouncementKind kind, AnnouncementStage stage) =>
        $"{scopeName}{year}年{KindName(kind)}{StageName(stage)}";

    private static string KindName(AnnouncementKind kind) => kind switch
    {
        AnnouncementKind.Identification => "贫困户识别",
        AnnouncementKind.Exit => "贫困户脱贫退出",
        AnnouncementKind.AssistancePlan => "贫困户帮扶措施",
        _ => "扶贫资金项目",
    };

    private static string StageName(AnnouncementStage stage) => stage switch
    {
        AnnouncementStage.VillagePublicity => "村级公示",
        AnnouncementStage.TownshipPublicity => "乡镇审核公示",
        _ => "区级公告",
    };
}
