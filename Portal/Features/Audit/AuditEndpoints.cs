namespace Portal.Features.Audit;

public static class AuditEndpoints
{
    public sealed record Verification(long Length, string HeadHash, bool Intact, long? FirstBadId);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        // Anyone may ask the server to recompute the whole chain.
        app.MapGet("/api/v1/audit/verify", async (AuditLog audit, HttpContext http) =>
        {
            var report = await audit.VerifyAsync(http.RequestAborted);
            return Results.Ok(new Verification(report.Length, report.HeadHash, report.IsIntact, report.FirstBadId));
        }).AllowAnonymous();
        return app;
    }
}
