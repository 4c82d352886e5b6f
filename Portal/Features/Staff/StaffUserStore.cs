using Dapper;
using Portal.Features.Regions;
using Portal.Infrastructure.Data;

namespace Portal.Features.Staff;

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
    public int FailedSignIns { get; init; }
    public DateTime? LockedUntilUtc { get; init; }

    public StaffActor Actor => new(Id, UserName, Role, RegionScope.Of(RegionCode), HomeVillageCode);
}

public sealed class StaffUserStore(DbConnectionFactory db, TimeProvider clock)
{
    private readonly string insert = db.Dialect.InsertReturningId("StaffUser",
        "UserName, DisplayName, PasswordHash, Role, RegionCode, HomeVillageCode, IsActive, FailedSignIns, CreatedUtc",
        "@UserName, @DisplayName, @PasswordHash, @Role, @RegionCode, @HomeVillageCode, @IsActive, 0, @CreatedUtc");

    private const string SelectByName = """
        SELECT Id, UserName, DisplayName, PasswordHash, Role, RegionCode, HomeVillageCode, IsActive, FailedSignIns, LockedUntilUtc
          FROM StaffUser
         WHERE UserName = @userName
        """;

    // Five failures in a row lock the account and start the count again.
    private const string RecordFailure = """
        UPDATE StaffUser
           SET FailedSignIns  = CASE WHEN FailedSignIns + 1 >= @limit THEN 0 ELSE FailedSignIns + 1 END,
               LockedUntilUtc = CASE WHEN FailedSignIns + 1 >= @limit THEN @lockedUntil ELSE LockedUntilUtc END
         WHERE Id = @id
        """;

    private const string RecordSuccess = "UPDATE StaffUser SET FailedSignIns = 0, LockedUntilUtc = NULL WHERE Id = @id";

    private const string CountAll = "SELECT COUNT(*) FROM StaffUser";

    public async Task<long> AddAsync(StaffUser user, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(insert, new
        {
            user.UserName, user.DisplayName, user.PasswordHash, Role = user.Role.ToString(), user.RegionCode, user.HomeVillageCode,
            user.IsActive, CreatedUtc = clock.GetUtcNow().UtcDateTime,
        }, cancellationToken: ct));
    }

    public async Task<StaffUser?> FindAsync(string userName, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<StaffUser>(new CommandDefinition(SelectByName, new { userName = userName.Trim() }, cancellationToken: ct));
    }

    public async Task RecordFailureAsync(long id, int limit, DateTime lockedUntilUtc, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(RecordFailure, new { id, limit, lockedUntil = lockedUntilUtc }, cancellationToken: ct));
    }

    public async Task RecordSuccessAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(RecordSuccess, new { id }, cancellationToken: ct));
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(CountAll, cancellationToken: ct));
    }
}
