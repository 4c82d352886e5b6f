using Dapper;
using Portal.Infrastructure.Data;

namespace Portal.Features.Regions;

public sealed class RegionStore(DbConnectionFactory db)
{
    private readonly string upsert = db.Dialect.Upsert("Region", ["Code"], ["ParentCode", "Level", "Name", "NameEn", "OfficePhone"]);

    private const string SelectAll = """
        SELECT Code, ParentCode, Level, Name, NameEn, OfficePhone
          FROM Region
         ORDER BY Code
        """;

    public async Task UpsertAsync(IEnumerable<Region> regions, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var rows = regions.Select(r => new { r.Code, r.ParentCode, Level = r.Level.ToString(), r.Name, r.NameEn, r.OfficePhone });
        await c.ExecuteAsync(new CommandDefinition(upsert, rows, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<Region>> AllAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Region>(new CommandDefinition(SelectAll, cancellationToken: ct))).AsList();
    }

    private const string SelectOne = "SELECT Code, ParentCode, Level, Name, NameEn, OfficePhone FROM Region WHERE Code = @code";

    public async Task<Region?> GetAsync(string code, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Region>(new CommandDefinition(SelectOne, new { code }, cancellationToken: ct));
    }
}
