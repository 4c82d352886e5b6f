using System.Globalization;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Tests.TestInfrastructure;

using Portal.Features.Households.Staff;

namespace Portal.Tests.Features.Households;

// The administrator's import window: a file it cannot take is a message in the window, never a crash of it.
public sealed class HouseholdImportPageTests : PortalTestContext, IAsyncLifetime
{
    private readonly SqliteTestDatabase database = SqliteTestDatabase.Create();

    public async ValueTask InitializeAsync()
    {
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");
        await database.SeedAsync(50);
        UseDatabase(database);
        Services.AddSingleton(new HouseholdImporter(database.Db, database.Households, database.Regions, database.Audit, Options.Create(new ImportOptions { MaxRows = 5 })));
        SignIn("admin", "Administrator", DemoDistrict.DistrictCode);
        RenderProviders();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }

    private IRenderedComponent<HouseholdImportPage> Upload(string name, byte[] bytes)
    {
        var page = Render<HouseholdImportPage>();
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(bytes, name));
        return page;
    }

    [Fact]
    public void Upload_XlsxWithRowNumber99999999999_ShowsWhyAndTheWindowLives()
    {
        using var file = HouseholdImportTests<SqliteEngine>.Xlsx(w => w.Write("<row r=\"99999999999\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>"));

        var page = Upload("households.xlsx", file.ToArray());

        page.WaitForAssertion(() => Assert.Contains("工作表中的行号“99999999999”不可能出现", page.Markup));
        Assert.Contains("写入 0 户", page.Markup);
        Assert.NotNull(page.Find("button[disabled]"));
    }

    [Fact]
    public void Upload_MoreRowsThanTheConfiguredLimit_ShowsTheLimit()
    {
        using var file = HouseholdImportTests<SqliteEngine>.Xlsx(w => HouseholdImportTests<SqliteEngine>.Rows(w, 2, 6));

        var page = Upload("households.xlsx", file.ToArray());

        page.WaitForAssertion(() => Assert.Contains("文件超过 5 行，超出一次导入的上限", page.Markup));
    }

    [Fact]
    public void Upload_FileLargerThanMayBeUploaded_IsRefusedBeforeItIsRead()
    {
        var page = Upload("households.csv", new byte[21 * 1024 * 1024]);

        page.WaitForAssertion(() => Assert.Contains("文件超过 20 MB，请分成几个文件导入。", page.Markup));
    }
}
