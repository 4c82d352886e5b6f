using MudBlazor;

namespace Portal.Components;

// The staff area's MudBlazor theme; wwwroot/site.css uses the same colours for the static public pages.
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#B71C1C",
            Secondary = "#8D6E63",
            AppbarBackground = "#B71C1C",
            Background = "#FAF7F2",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["\"Noto Sans SC\"", "\"PingFang SC\"", "\"Microsoft YaHei\"", "\"Droid Sans Fallback\"", "sans-serif"],
            },
        },
    };
}
