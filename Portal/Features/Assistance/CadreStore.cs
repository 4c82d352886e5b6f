using System.Data.Common;
using Dapper;
using Portal.Infrastructure.Data;

namespace Portal.Features.Assistance;

public enum CadreRole
{
    FirstSecretary,
    WorkTeamMember,
    ResponsibleCadre,
}

public sealed record Cadre
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public CadreRole Role { get; init; }
    public required string Organisation { get; init; }
    public string? VillageCode { get; init; }
    public string? OfficePhone { get; init; }
}

// The one writer of Cadre.
public sealed class CadreStore(DbConnectionFactory db)
{
    private readonly string insert = db.Dialect.InsertReturningId(
        "Cadre", "Name, Role, Organisation, VillageCode, OfficePhone", "@Name, @Role, @Organisation, @VillageCode, @OfficePhone");

    private const string SelectForVillage = """
        SELECT Id, Name, Role, Organisation, VillageCode, OfficePhone
          FROM Cadre
         WHERE VillageCode = @villageCode
         ORDER BY Role, Id
        """;

    public async Task<long> AddAsync(Cadre cadre, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await AddAsync(c, null, cadre, ct);
    }

    // Inside the caller's transaction (AssistanceEditing audits the addition in the same one).
    public async Task<long> AddAsync(DbConnection c, DbTransaction? tx, Cadre cadre, CancellationToken ct)
    {
        var row = new { cadre.Name, Role = cadre.Role.ToString(), cadre.Organisation, cadre.VillageCode, cadre.OfficePhone };
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(insert, row, tx, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<Cadre>> ForVillageAsync(string villageCode, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Cadre>(new CommandDefinition(SelectForVillage, new { villageCode }, cancellationToken: ct))).AsList();
    }
}
