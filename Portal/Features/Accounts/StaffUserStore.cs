using Dapper;
using Portal.Features.Regions;
using Portal.Infrastructure.Data;

namespace Portal.Features.Accounts;

public sealed record StaffUser
{
    public long Id { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public string PasswordHash { get; init; } = "";
    public StaffRole Role { get; init; }
    public required string RegionCode { get; init; }
    public string? HomeVillageCode { get; init; }
    public bool IsActive { get; init; } = true;

    public StaffActor Actor => new(Id, UserName, Role, RegionScope.Of(RegionCode), HomeVillageCode);
}

public sealed class StaffUserStore(DbConnectionFactory db, TimeProvider clock)
{
    private readonly string insert = db.Dialect.InsertReturningId("StaffUser",
        "UserName, DisplayName, PasswordHash, Role, RegionCode, HomeVillageCode, IsActive, FailedSignIns, SecurityStamp, CreatedUtc",
        "@UserName, @DisplayName, @PasswordHash, @Role, @RegionCode, @HomeVillageCode, @IsActive, 0, @SecurityStamp, @CreatedUtc");

    private const string SelectByName = """
        SELECT Id, UserName, DisplayName, PasswordHash, Role, RegionCode, HomeVillageCode, IsActive
          FROM StaffUser
         WHERE UserName = @userName
        """;

    private const string CountAll = "SELECT COUNT(*) FROM StaffUser";

    private const string SetActive = "UPDATE StaffUser SET IsActive = @active, SecurityStamp = @stamp WHERE Id = @id";

    // In the caller's transaction; a new security stamp ends what a session was started on.
    public Task SetActiveAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long id, bool active, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(SetActive, new { id, active, stamp = NewSecurityStamp() }, tx, cancellationToken: ct));

    public async Task<long> AddAsync(StaffUser user, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var id = await AddAsync(c, tx, user, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    // In the caller's transaction (an administrator's creation, with its audit event), which commits it.
    public Task<long> AddAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, StaffUser user, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition(insert, new
        {
            user.UserName, user.DisplayName, user.PasswordHash, Role = user.Role.ToString(), user.RegionCode, user.HomeVillageCode,
            user.IsActive, SecurityStamp = NewSecurityStamp(), CreatedUtc = clock.GetUtcNow().UtcDateTime,
        }, tx, cancellationToken: ct));

    public async Task<StaffUser?> FindAsync(string userName, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<StaffUser>(new CommandDefinition(SelectByName, new { userName = userName.Trim() }, cancellationToken: ct));
    }

    // Changed whenever what a session was started on no longer holds (the account deactivated).
    public static string NewSecurityStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(CountAll, cancellationToken: ct));
    }
}
