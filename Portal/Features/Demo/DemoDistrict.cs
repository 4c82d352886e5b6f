using Portal.Features.Regions;

namespace Portal.Features.Demo;

// A fictional but realistic Enyang District (511903): real township and village names from the district's own
// reports, invented codes below the district's, invented households.
public static class DemoDistrict
{
    public const string DistrictCode = "511903000000";

    public sealed record Township(string Code, string Name, string NameEn, string Pinyin, IReadOnlyList<Village> Villages);

    public sealed record Village(string Code, string Name, string NameEn, int Groups);

    public static readonly IReadOnlyList<Township> Townships =
    [
        new("511903100000", "玉溪镇", "Yuxi Town", "yuxi",
        [
            new("511903100201", "桂花村", "Guihua Village", 6),
            new("511903100202", "槐树村", "Huaishu Village", 5),
            new("511903100203", "金山村", "Jinshan Village", 7),
            new("511903100204", "白鹤村", "Baihe Village", 4),
        ]),
        new("511903101000", "观音井镇", "Guanyinjing Town", "guanyinjing",
        [
            new("511903101201", "观音庵村", "Guanyin'an Village", 6),
            new("511903101202", "石马村", "Shima Village", 5),
            new("511903101203", "龙泉村", "Longquan Village", 4),
        ]),
        new("511903200000", "九镇乡", "Jiuzhen Township", "jiuzhen",
        [
            new("511903200201", "中山寨村", "Zhongshanzhai Village", 7),
            new("511903200202", "柏林村", "Bailin Village", 5),
            new("511903200203", "青龙村", "Qinglong Village", 4),
        ]),
        new("511903102000", "柳林镇", "Liulin Town", "liulin",
        [
            new("511903102201", "红旗村", "Hongqi Village", 5),
            new("511903102202", "新店村", "Xindian Village", 6),
            new("511903102203", "黄桷村", "Huangjue Village", 4),
        ]),
    ];

    private static readonly string[] GroupNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    public static IEnumerable<Region> Regions()
    {
        // The district's office phone is its discipline inspection commission's public complaints line.
        yield return new Region { Code = DistrictCode, Level = RegionLevel.District, Name = "恩阳区", NameEn = "Enyang District", OfficePhone = "0827-3367890" };
        var n = 0;
        foreach (var t in Townships)
        {
            yield return new Region
            {
                Code = t.Code, ParentCode = DistrictCode, Level = RegionLevel.Township, Name = t.Name, NameEn = t.NameEn,
                OfficePhone = $"0827-33{12345 + 1111 * n++}",
            };
            foreach (var v in t.Villages)
            {
                yield return new Region { Code = v.Code, ParentCode = t.Code, Level = RegionLevel.Village, Name = v.Name, NameEn = v.NameEn };
                for (var g = 1; g <= v.Groups; g++)
                {
                    yield return new Region
                    {
                        Code = GroupCode(v.Code, g),
                        ParentCode = v.Code,
                        Level = RegionLevel.Group,
                        Name = GroupNumerals[g - 1] + "组",
                        NameEn = $"Group {g}",
                    };
                }
            }
        }
    }

    public static string GroupCode(string villageCode, int group) => villageCode + group.ToString("00");

    // Common surnames of northern Sichuan, weighted by repetition.
    public static readonly string[] Surnames =
    [
        "王", "王", "王", "李", "李", "李", "张", "张", "刘", "刘", "陈", "陈", "杨", "杨", "何", "罗", "罗",
        "冯", "苟", "岳", "向", "鲜", "谢", "赵", "黄", "吴", "周", "徐", "孙", "胡", "朱", "高", "林", "郭",
        "马", "唐", "邓", "蒲", "景", "文", "付", "侯", "蒋", "杜", "袁", "母", "庞", "余", "程", "廖",
    ];

    public static readonly string[] GivenNameCharacters =
    [
        "德", "明", "国", "华", "建", "文", "志", "秀", "兰", "英", "芳", "平", "玉", "桂", "春", "清", "光",
        "成", "才", "富", "贵", "军", "强", "勇", "忠", "仁", "福", "林", "海", "云", "珍", "凤", "琼", "长",
        "远", "元", "书", "永", "正", "学", "朝", "友", "全", "金", "银", "会", "开", "发", "荣",
    ];

    public static readonly string[] CadreOrganisations =
    [
        "恩阳区农业农村局", "恩阳区财政局", "恩阳区教育科技局", "恩阳区卫生健康局", "恩阳区人力资源和社会保障局",
        "恩阳区住房和城乡建设局", "恩阳区交通运输局", "恩阳区水利局", "巴中市自然资源和规划局", "恩阳区乡村振兴局",
    ];
}
