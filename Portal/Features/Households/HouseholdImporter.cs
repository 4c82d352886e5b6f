using Microsoft.Extensions.Options;
using Portal.Features.Audit;
using Portal.Features.Regions;
using Portal.Features.Accounts;
using Portal.Infrastructure.Data;

namespace Portal.Features.Households;

// Administrators import households: a preview of every row's problems, and only a clean file is written, whole,
// in one transaction with its audit event.
public sealed class HouseholdImporter(DbConnectionFactory db, HouseholdStore households, RegionStore regions, AuditLog audit, IOptions<ImportOptions> options)
{
    public ImportOptions Limits => options.Value;

    // A file larger than may be uploaded is refused before any of it is read; null when its size is fine.
    public ImportPreview? RefuseBySize(long fileBytes) => fileBytes > Limits.MaxFileBytes
        ? new ImportPreview([], [new ImportProblem(0, "file", "Import.FileTooLarge", Limits.MaxFileBytes / (1024 * 1024))])
        : null;

    public async Task<ImportPreview> PreviewAsync(string fileName, Stream content, CancellationToken ct = default)
    {
        var (rows, refused) = HouseholdImport.Read(fileName, content, Limits);
        if (refused is not null) return new ImportPreview([], [refused]);
        var groups = (await regions.AllAsync(ct)).Where(r => r.Level == RegionLevel.Group).Select(r => r.Code).ToHashSet();
        var registered = await households.RegisteredAsync(rows.Where(r => ResidentIdNumber.IsValid(r.IdNumber)).Select(r => r.IdNumber!), ct);
        var problems = HouseholdImport.Check(rows, groups, registered.Contains);
        return new ImportPreview(rows, rows.Count == 0 && problems.Count == 0 ? [new ImportProblem(0, "file", "Import.Empty")] : problems);
    }

    public async Task<bool> ImportAsync(ImportPreview preview, StaffActor actor, IProgress<int>? progress, CancellationToken ct = default)
    {
        if (actor.Role != StaffRole.Administrator || !preview.IsClean) return false;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await households.AddManyAsync(c, tx, preview.Rows.Select(HouseholdImport.ToHousehold).ToList(), progress, ct);
        await audit.AppendAsync(c, tx, "HouseholdsImported", actor.UserName, null, new { rows = preview.Rows.Count }, ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
