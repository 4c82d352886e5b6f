using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Portal.Features.Demo;
using Portal.Features.Households;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Tests.TestInfrastructure;

namespace Portal.Tests.Features.Households;

public abstract class HouseholdImportTests<TEngine> : IAsyncLifetime where TEngine : ITestEngine
{
    private readonly TestDatabase database = TEngine.Create();
    private HouseholdImporter importer = default!;
    private static readonly StaffActor Admin = new(1, "admin", StaffRole.Administrator, RegionScope.Of(DemoDistrict.DistrictCode));
    private static readonly string Group = DemoDistrict.GroupCode(DemoDistrict.Townships[0].Villages[0].Code, 1);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await database.SeedAsync(100);
        importer = Importer(new ImportOptions());
    }

    public async ValueTask DisposeAsync() => await database.DisposeAsync();

    private HouseholdImporter Importer(ImportOptions limits) =>
        new(database.Db, database.Households, database.Regions, database.Audit, Microsoft.Extensions.Options.Options.Create(limits));

    private static string Id(int n)
    {
        var first17 = $"511903{new DateOnly(1950, 1, 1).AddDays(n / 500):yyyyMMdd}{n % 500 * 2 + 1:000}";
        return first17 + ResidentIdNumber.CheckCharacter(first17);
    }

    private static MemoryStream Csv(IEnumerable<string> rows) =>
        new(Encoding.UTF8.GetBytes(HouseholdImport.Template.Split("\r\n")[0] + "\r\n" + string.Join("\r\n", rows)));

    [Fact]
    public async Task Import_FileWithOneBadRow_ShowsEachProblemAndWritesNothing()
    {
        var before = await database.Households.CountAsync(Ct);
        var bad = Id(2)[..17] + (Id(2)[17] == '0' ? '1' : '0');
        var file = Csv([
            $"{Group},李秀兰,{Id(1)},3,一般贫困户,因病,",
            $"{Group},王德明,{bad},2,低保贫困户,因残,",
            $"99999999999999,张国华,{Id(3)},2,一般贫困户,因学,",
            $"{Group},刘志强,{Id(1)},2,一般贫困户,缺资金,",
            $"{Group},,{Id(4)},0,富裕户,不想干,",
        ]);

        var preview = await importer.PreviewAsync("households.csv", file, Ct);

        Assert.False(preview.IsClean);
        Assert.Contains(new ImportProblem(3, "idNumber", "Import.BadIdNumber"), preview.Problems);
        Assert.Contains(new ImportProblem(4, "groupCode", "Import.UnknownGroup"), preview.Problems);
        Assert.Contains(new ImportProblem(5, "idNumber", "Import.DuplicateInFile"), preview.Problems);
        Assert.Contains(new ImportProblem(6, "headName", "Import.Missing"), preview.Problems);
        Assert.Contains(new ImportProblem(6, "size", "Import.BadSize"), preview.Problems);
        Assert.Contains(new ImportProblem(6, "attribute", "Import.BadAttribute"), preview.Problems);
        Assert.Contains(new ImportProblem(6, "cause", "Import.BadCause"), preview.Problems);
        Assert.False(await importer.ImportAsync(preview, Admin, null, Ct));
        Assert.Equal(before, await database.Households.CountAsync(Ct));
    }

    [Fact]
    public async Task Import_IdAlreadyRegisteredOrLowerCaseX_IsRecognised()
    {
        const string withX = "51190319600101003x";
        var clean = await importer.PreviewAsync("a.csv", Csv([$"{Group},王德明,{withX},3,一般贫困户,因病,"]), Ct);
        Assert.True(clean.IsClean);
        Assert.True(await importer.ImportAsync(clean, Admin, null, Ct));

        var again = await importer.PreviewAsync("b.csv", Csv([$"{Group},王德明,{withX.ToUpperInvariant()},3,一般贫困户,因病,"]), Ct);

        Assert.Equal([new ImportProblem(2, "idNumber", "Import.DuplicateRegistered")], again.Problems);
    }

    public static TheoryData<string> Encodings => ["GB18030", "UTF-8 BOM", "UTF-8"];

    // Excel on Chinese Windows saves "CSV" in GBK; a UTF-8 reader would turn every name into replacement characters.
    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Import_CsvInGbkOrUtf8_KeepsChineseNames(string encoding)
    {
        var text = HouseholdImport.Columns.Aggregate((a, b) => a + "," + b) + "\r\n"
            + $"{Group},欧阳秀兰,{Id(11)},3,低保贫困户,因病,\r\n{Group},诸葛德明,{Id(12)},2,特困供养贫困户,缺劳力,\r\n";
        var bytes = encoding switch
        {
            "GB18030" => CodePagesEncodingProvider.Instance.GetEncoding(936)!.GetBytes(text),
            "UTF-8 BOM" => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)],
            _ => Encoding.UTF8.GetBytes(text),
        };

        var preview = await importer.PreviewAsync("households.csv", new MemoryStream(bytes), Ct);

        Assert.True(preview.IsClean, string.Join("; ", preview.Problems));
        Assert.Equal(["欧阳秀兰", "诸葛德明"], preview.Rows.Select(r => r.HeadName));
        Assert.Equal([HouseholdAttribute.MinimumLivingAllowance, HouseholdAttribute.ExtremePovertySupport],
            preview.Rows.Select(r => HouseholdImport.ToHousehold(r).Attribute));
    }

    [Fact]
    public async Task Import_TemplateAsDownloaded_RefusesItsSampleRowNamingTheLine()
    {
        var template = new MemoryStream(Encoding.UTF8.GetBytes(HouseholdImport.Template.Replace("51190310020101", Group)));

        var preview = await importer.PreviewAsync("households-template.csv", template, Ct);

        Assert.False(preview.IsClean);
        Assert.Equal([new ImportProblem(2, "idNumber", "Import.TemplateSample", HouseholdImport.SampleIdNumber)], preview.Problems);
        Assert.False(await importer.ImportAsync(preview, Admin, null, Ct));
    }

    [Fact]
    public async Task Import_TenThousandRows_AreWrittenInOneGo()
    {
        var before = await database.Households.CountAsync(Ct);
        var rows = Enumerable.Range(10, 10_000).Select(n => $"{Group},测试户{n},{Id(n)},{n % 6 + 1},一般贫困户,缺技术,");
        var stopwatch = Stopwatch.StartNew();

        var preview = await importer.PreviewAsync("big.csv", Csv(rows), Ct);
        var reported = 0;
        Assert.True(preview.IsClean, string.Join("; ", preview.Problems.Take(5)));
        Assert.True(await importer.ImportAsync(preview, Admin, new SyncProgress(n => reported = n), Ct));

        TestContext.Current.SendDiagnosticMessage($"10,000-row import (preview + write): {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(before + 10_000, await database.Households.CountAsync(Ct));
        Assert.Equal(10_000, reported);
        Assert.Equal(HouseholdStatus.Applicant, (await database.Households.SearchAsync(new HouseholdQuery(Name: "测试户10"), Ct)).Items[0].Status);
    }

    // The households and their audit event are one transaction: an import whose event cannot be written leaves no
    // household behind.
    [Fact]
    public async Task Import_WhoseAuditEventCannotBeWritten_WritesNoHousehold()
    {
        var before = await database.Households.CountAsync(Ct);
        var preview = await importer.PreviewAsync("audit.csv", Csv(Enumerable.Range(20_000, 3).Select(n => $"{Group},审计户{n},{Id(n)},2,一般贫困户,缺技术,")), Ct);
        Assert.True(preview.IsClean, string.Join("; ", preview.Problems));
        await database.RefuseInsertsAsync("AuditEvent", "NEW.Kind = 'HouseholdsImported'");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => importer.ImportAsync(preview, Admin, null, Ct));

        Assert.Equal(before, await database.Households.CountAsync(Ct));
        Assert.Empty((await database.Households.SearchAsync(new HouseholdQuery(Name: "审计户"), Ct)).Items);
    }

    // One that fails half-way, after its first thousand rows were written, leaves neither households nor an event.
    [Fact]
    public async Task Import_FailingHalfWay_WritesNoHouseholdAndNoAuditEvent()
    {
        var before = await database.Households.CountAsync(Ct);
        var preview = await importer.PreviewAsync("half.csv", Csv(Enumerable.Range(30_000, 1_500).Select(n => $"{Group},中途户{n},{Id(n)},2,一般贫困户,缺技术,")), Ct);
        Assert.True(preview.IsClean, string.Join("; ", preview.Problems.Take(5)));
        await database.RefuseInsertsAsync("Household", "NEW.HeadName = '中途户31400'");
        var reported = 0;

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => importer.ImportAsync(preview, Admin, new SyncProgress(n => reported = n), Ct));

        Assert.Equal(1_000, reported);
        Assert.Equal(before, await database.Households.CountAsync(Ct));
        Assert.Empty((await database.Audit.SearchAsync(new Portal.Features.Audit.AuditQuery(Kind: "HouseholdsImported"), Ct)).Items);
    }

    [Fact]
    public async Task Import_Xlsx_IsReadWithSharedStrings()
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Write(string name, string xml) { using var w = new StreamWriter(zip.CreateEntry(name).Open()); w.Write(xml); }
            const string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
            WriteWorkbook(zip, ("Sheet1", "worksheets/sheet1.xml"));
            Write("xl/sharedStrings.xml", $"<sst xmlns=\"{ns}\"><si><t>户主姓名</t></si><si><t>陈桂英</t></si><si><t>特困供养贫困户</t></si><si><t>因病</t></si></sst>");
            Write("xl/worksheets/sheet1.xml", $"<worksheet xmlns=\"{ns}\"><sheetData>" +
                "<row r=\"1\">" + string.Concat(HouseholdImport.Columns.Select((c, i) => i == 1 ? "<c r=\"B1\" t=\"s\"><v>0</v></c>" : $"<c r=\"{(char)('A' + i)}1\" t=\"inlineStr\"><is><t>{c}</t></is></c>")) + "</row>" +
                $"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>{Group}</t></is></c><c r=\"B2\" t=\"s\"><v>1</v></c>" +
                $"<c r=\"C2\" t=\"inlineStr\"><is><t>{Id(20_000)}</t></is></c><c r=\"D2\"><v>1</v></c><c r=\"E2\" t=\"s\"><v>2</v></c><c r=\"F2\" t=\"s\"><v>3</v></c></row>" +
                "</sheetData></worksheet>");
        }
        file.Position = 0;

        var preview = await importer.PreviewAsync("households.xlsx", file, Ct);

        Assert.True(preview.IsClean, string.Join("; ", preview.Problems));
        var row = Assert.Single(preview.Rows);
        Assert.Equal(("陈桂英", "特困供养贫困户", "1"), (row.HeadName, row.Attribute, row.Size));
    }

    [Fact]
    public async Task Import_NotASpreadsheet_IsUnreadable()
    {
        var preview = await importer.PreviewAsync("x.xlsx", new MemoryStream("MZ not a zip"u8.ToArray()), Ct);

        Assert.Equal([new ImportProblem(0, "file", "Import.Unreadable")], preview.Problems);
    }

    // ---- limits: a small file may unzip to millions of rows; the reader stops at the limit and never throws ----

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    // A first worksheet whose rows the writer streams, so that the test itself does not hold them.
    internal static MemoryStream Xlsx(Action<TextWriter> sheetData, string dimension = "")
    {
        var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteWorkbook(zip, ("Sheet1", "worksheets/sheet1.xml"));
            using var w = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open());
            w.Write($"<worksheet xmlns=\"{Main}\">{dimension}<sheetData>{HeaderRow}");
            sheetData(w);
            w.Write("</sheetData></worksheet>");
        }
        file.Position = 0;
        return file;
    }

    // The template's header as the first row of a sheet.
    internal static string HeaderRow => "<row r=\"1\">" + string.Concat(HouseholdImport.Columns.Select((c, i) => $"<c r=\"{(char)('A' + i)}1\" t=\"inlineStr\"><is><t>{c}</t></is></c>")) + "</row>";

    // The workbook part and its relationships, which say where each sheet is; the first listed is the first sheet.
    internal static void WriteWorkbook(ZipArchive zip, params (string Name, string Path)[] sheets)
    {
        void Write(string name, string xml) { using var w = new StreamWriter(zip.CreateEntry(name).Open()); w.Write(xml); }
        const string relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        Write("xl/workbook.xml", $"<workbook xmlns=\"{Main}\" xmlns:r=\"{relationships}\"><sheets>"
            + string.Concat(sheets.Select((s, i) => $"<sheet name=\"{s.Name}\" sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>")) + "</sheets></workbook>");
        Write("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + string.Concat(sheets.Select((s, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"{relationships}/worksheet\" Target=\"{s.Path}\"/>")) + "</Relationships>");
    }

    internal static void Rows(TextWriter w, int from, int count)
    {
        for (var n = from; n < from + count; n++) w.Write($"<row r=\"{n}\"><c r=\"A{n}\" t=\"inlineStr\"><is><t>51190310020101</t></is></c></row>");
    }

    [Fact]
    public async Task Import_SmallXlsxExpandingToTwoMillionRows_IsRefusedAtTheRowLimitWithoutHoldingThem()
    {
        var file = Xlsx(w => Rows(w, 2, 2_000_000)).ToArray();
        Assert.True(file.Length < 20 * 1024 * 1024, $"{file.Length} bytes");
        var limits = new ImportOptions();
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var read = HouseholdImport.Read("big.xlsx", new MemoryStream(file), limits);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Equal(new ImportProblem(0, "file", "Import.TooManyRows", 200_000), read.Problem);
        Assert.Empty(read.Rows);
        Assert.True(allocated < 600L * 1024 * 1024, $"{allocated / (1024 * 1024)} MB allocated while refusing");
        Assert.Equal([new ImportProblem(0, "file", "Import.TooManyRows", 200_000)], (await importer.PreviewAsync("big.xlsx", new MemoryStream(file), Ct)).Problems);
    }

    [Fact]
    public async Task Import_XlsxDeclaringMoreRowsThanTheLimit_IsRefusedBeforeReadingThem()
    {
        using var file = Xlsx(w => Rows(w, 2, 3), dimension: "<dimension ref=\"A1:G2000000\"/>");

        var preview = await importer.PreviewAsync("declared.xlsx", file, Ct);

        Assert.Equal([new ImportProblem(0, "file", "Import.TooManyRows", 200_000)], preview.Problems);
    }

    [Fact]
    public async Task Import_XlsxWhoseZipUnderstatesItsSize_IsRefusedAndNothingPastTheLieIsRead()
    {
        using var honest = Xlsx(w => Rows(w, 2, 30_000));
        var bytes = honest.ToArray();
        // The sheet's uncompressed size, in the local header and the central directory, rewritten to 100 bytes.
        PatchUncompressedSize(bytes, "xl/worksheets/sheet1.xml", 100);
        using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            Assert.Equal(100, zip.GetEntry("xl/worksheets/sheet1.xml")!.Length);
        }
        var limits = new ImportOptions { MaxUncompressedBytes = 1024 * 1024 };

        var preview = await Importer(limits).PreviewAsync("lying.xlsx", new MemoryStream(bytes), Ct);

        // .NET stops unzipping an entry at its declared length, so the lie yields a cut-off sheet: refused, nothing
        // read past it. The reader's own count (below) would stop it at the limit all the same.
        Assert.Equal([new ImportProblem(0, "file", "Import.Unreadable")], preview.Problems);
        Assert.Empty(preview.Rows);
    }

    [Theory]
    [InlineData(10_000, true)]
    [InlineData(4_096, false)]
    public void CountedStream_ReadToItsBudget_StopsThereAndSaysWhetherMoreWasBehind(int length, bool exceeded)
    {
        using var counted = new CountedStream(new MemoryStream(new byte[length]), 4_096);

        counted.CopyTo(Stream.Null);

        Assert.Equal((4_096L, exceeded), (counted.Count, counted.Exceeded));
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData("2000000")]
    [InlineData("-3")]
    [InlineData("1e5")]
    [InlineData("3")]
    public async Task Import_ImpossibleRowNumber_IsRefusedNamingIt(string rowNumber)
    {
        // Row 3 comes after row 4: out of order. The others are no row a spreadsheet has.
        using var file = Xlsx(w => { Rows(w, 2, 3); w.Write($"<row r=\"{rowNumber}\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>"); });

        var preview = await importer.PreviewAsync("odd.xlsx", file, Ct);

        Assert.Equal([new ImportProblem(0, "file", "Import.BadRowNumber", rowNumber)], preview.Problems);
    }

    [Fact]
    public async Task Import_GapToARowPastTheLimit_IsRefusedAsTooManyRows()
    {
        using var file = Xlsx(w => { Rows(w, 2, 1); Rows(w, 900_000, 1); });

        var preview = await importer.PreviewAsync("gap.xlsx", file, Ct);

        Assert.Equal([new ImportProblem(0, "file", "Import.TooManyRows", 200_000)], preview.Problems);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Import_MaxRowsConfigured_RefusesOneRowMoreAndTakesExactlyThatMany(string kind)
    {
        var limited = Importer(new ImportOptions { MaxRows = 3 });
        Stream File(int rows) => kind == "csv"
            ? Csv(Enumerable.Range(1, rows).Select(n => $"{Group},测试户{n},{Id(30_000 + n)},2,一般贫困户,因病,"))
            : Xlsx(w => Rows(w, 2, rows));

        var four = await limited.PreviewAsync($"four.{kind}", File(4), Ct);
        var three = await limited.PreviewAsync($"three.{kind}", File(3), Ct);

        Assert.Equal([new ImportProblem(0, "file", "Import.TooManyRows", 3)], four.Problems);
        Assert.Equal(3, three.Rows.Count);
        Assert.DoesNotContain(three.Problems, p => p.Result.Rule == "Import.TooManyRows");
    }

    [Fact]
    public async Task Import_XlsxRowsAndCellsWithoutReferences_AreReadInOrder()
    {
        using var file = Xlsx(w => w.Write(
            $"<row><c t=\"inlineStr\"><is><t>{Group}</t></is></c><c t=\"inlineStr\"><is><t>陈桂英</t></is></c></row>"));

        var preview = await importer.PreviewAsync("plain.xlsx", file, Ct);

        var row = Assert.Single(preview.Rows);
        Assert.Equal((2, Group, "陈桂英"), (row.Line, row.GroupCode, row.HeadName));
    }

    [Fact]
    public async Task Import_CsvQuotedCellWithALineBreak_IsOneCellAndLaterRowsKeepTheirLineNumbers()
    {
        var file = Csv([
            $"{Group},\"李秀兰\r\n（户主）\",{Id(40)},3,一般贫困户,因病,",
            $"{Group},王德明,{Id(40)},2,一般贫困户,因病,",
        ]);

        var preview = await importer.PreviewAsync("households.csv", file, Ct);

        Assert.Equal(["李秀兰\r\n（户主）", "王德明"], preview.Rows.Select(r => r.HeadName));
        Assert.Equal([new ImportProblem(4, "idNumber", "Import.DuplicateInFile")], preview.Problems);
    }

    [Fact]
    public async Task Import_CsvColumnsInAnotherOrder_AreMatchedByTheirHeader()
    {
        var header = string.Join(',', HouseholdImport.Columns.Reverse());
        var file = new MemoryStream(Encoding.UTF8.GetBytes($"{header}\r\n13800000000,因残,低保贫困户,4,{Id(41)},赵春梅,{Group}\r\n"));

        var preview = await importer.PreviewAsync("reordered.csv", file, Ct);

        Assert.True(preview.IsClean, string.Join("; ", preview.Problems));
        var row = Assert.Single(preview.Rows);
        Assert.Equal((Group, "赵春梅", Id(41), "4", "低保贫困户", "因残", "13800000000"),
            (row.GroupCode, row.HeadName, row.IdNumber, row.Size, row.Attribute, row.Cause, row.Phone));
    }

    [Fact]
    public async Task Import_XlsxSavedBySpreadsheetSoftwareWithColumnsInAnotherOrder_IsReadByName()
    {
        var rows = new[]
        {
            new Dictionary<string, object> { ["户主姓名"] = "孙玉兰", ["家庭人口"] = 5, ["村民小组编码"] = Group, ["主要致贫原因"] = "缺劳力", ["身份证号"] = Id(42), ["户属性"] = "一般贫困户" },
        };
        using var file = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(file, rows);
        file.Position = 0;

        var preview = await importer.PreviewAsync("saved.xlsx", file, Ct);

        Assert.True(preview.IsClean, string.Join("; ", preview.Problems));
        var row = Assert.Single(preview.Rows);
        Assert.Equal((2, Group, "孙玉兰", "5", "缺劳力", (string?)null), (row.Line, row.GroupCode, row.HeadName, row.Size, row.Cause, row.Phone));
    }

    [Fact]
    public async Task Import_WorkbookWhoseFirstSheetIsNotSheet1_ReadsTheSheetTheWorkbookListsFirst()
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Write(string name, string xml) { using var w = new StreamWriter(zip.CreateEntry(name).Open()); w.Write(xml); }
            WriteWorkbook(zip, ("农户", "worksheets/sheet2.xml"), ("说明", "worksheets/sheet1.xml"));
            Write("xl/worksheets/sheet2.xml", $"<worksheet xmlns=\"{Main}\"><sheetData>{HeaderRow}" +
                $"<row r=\"2\">{string.Concat(new[] { Group, "周德华", Id(43), "2", "一般贫困户", "因学" }.Select((v, i) => $"<c r=\"{(char)('A' + i)}2\" t=\"inlineStr\"><is><t>{v}</t></is></c>"))}</row>" +
                "</sheetData></worksheet>");
            Write("xl/worksheets/sheet1.xml", $"<worksheet xmlns=\"{Main}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>填写说明：每户一行</t></is></c></row></sheetData></worksheet>");
        }
        file.Position = 0;

        var preview = await importer.PreviewAsync("two-sheets.xlsx", file, Ct);

        Assert.True(preview.IsClean, string.Join("; ", preview.Problems));
        Assert.Equal("周德华", Assert.Single(preview.Rows).HeadName);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task Import_HeaderWithoutARequiredColumn_IsRefusedNamingTheColumn(string kind)
    {
        var columns = HouseholdImport.Columns.Where(c => c != "身份证号").ToArray();
        Stream file;
        if (kind == "csv")
        {
            file = new MemoryStream(Encoding.UTF8.GetBytes(string.Join(',', columns) + $"\r\n{Group},吴国强,2,一般贫困户,因病,\r\n"));
        }
        else
        {
            var xlsx = new MemoryStream();
            MiniExcelLibs.MiniExcel.SaveAs(xlsx, new[] { columns.ToDictionary(c => c, c => (object)"x") });
            xlsx.Position = 0;
            file = xlsx;
        }

        var preview = await importer.PreviewAsync($"no-id.{kind}", file, Ct);

        Assert.Equal([new ImportProblem(1, "file", "Import.MissingColumns", "身份证号")], preview.Problems);
        Assert.Empty(preview.Rows);
    }

    [Fact]
    public async Task Import_HeaderWithAColumnNotInTheTemplate_IsRefusedNamingIt()
    {
        var file = new MemoryStream(Encoding.UTF8.GetBytes(HouseholdImport.Template.Split("\r\n")[0] + ",备注\r\n" +
            $"{Group},吴国强,{Id(44)},2,一般贫困户,因病,,新户\r\n"));

        var preview = await importer.PreviewAsync("extra.csv", file, Ct);

        Assert.Equal([new ImportProblem(1, "file", "Import.UnknownColumns", "备注")], preview.Problems);
    }

    private static void PatchUncompressedSize(byte[] zip, string entryName, uint size)
    {
        var name = Encoding.ASCII.GetBytes(entryName);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var local = zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 0x03 && zip[i + 3] == 0x04 && zip.AsSpan(i + 30, name.Length).SequenceEqual(name);
            var central = zip[i] == 0x50 && zip[i + 1] == 0x4B && zip[i + 2] == 0x01 && zip[i + 3] == 0x02 && zip.AsSpan(i + 46, name.Length).SequenceEqual(name);
            if (local) BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), size);
            if (central) BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), size);
        }
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

public sealed class SqliteHouseholdImportTests : HouseholdImportTests<SqliteEngine>;

public sealed class PostgreSqlHouseholdImportTests : HouseholdImportTests<PostgreSqlEngine>;

public sealed class SqlServerHouseholdImportTests : HouseholdImportTests<SqlServerEngine>;
