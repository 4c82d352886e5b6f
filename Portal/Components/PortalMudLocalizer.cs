using Microsoft.Extensions.Localization;
using MudBlazor;
using Portal.Resources;

namespace Portal.Components;

// MudBlazor's own labels (pager buttons, row selection, close and clear buttons, date picker navigation) in the
// reader's language: our resources hold them as "Mud.<MudBlazor's key>"; a key we do not translate, and
// every key in English, keeps MudBlazor's.
public sealed class PortalMudLocalizer(IStringLocalizer<SharedResource> L) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var word = L["Mud." + key];
            return UiCulture.IsEnglish || word.ResourceNotFound ? base[key] : new LocalizedString(key, word.Value);
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var word = L["Mud." + key, arguments];
            return UiCulture.IsEnglish || word.ResourceNotFound ? base[key, arguments] : new LocalizedString(key, word.Value);
        }
    }
}
