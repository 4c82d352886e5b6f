-- Retention and purge (issue 16): a closed case's complainant identity and attachments, a decided report's reporter
-- identity and the encrypted ID and phone numbers of a household that left the programme are deleted after their
-- retention time (Features/Retention); the keyed hashes stay. Each row keeps the moment it was purged, so staff pages
-- say what was deleted and when. A household keeps the moment it left the programme (Exited or Removed).
ALTER TABLE dbo.Household ALTER COLUMN IdNumberCipher VARCHAR(400) NULL;
GO

ALTER TABLE dbo.Household ADD LeftProgrammeUtc DATETIME2 NULL, IdNumberPurgedUtc DATETIME2 NULL;
GO

-- A household out of the programme left when the finalized notice moved it there; one that came in already Exited (an
-- import) left at the latest at the end of its exit year (Asia/Shanghai), and no later than it came in.
UPDATE dbo.Household
   SET LeftProgrammeUtc = COALESCE(
           (SELECT MAX(c.ChangedUtc) FROM dbo.HouseholdStatusChange c WHERE c.HouseholdId = dbo.Household.Id AND c.ToStatus = dbo.Household.Status),
           CASE WHEN Status = 'Exited' AND ExitYear IS NOT NULL
                THEN (SELECT MIN(t) FROM (VALUES (DATETIME2FROMPARTS(ExitYear, 12, 31, 16, 0, 0, 0, 0)), (CreatedUtc)) AS v (t)) END,
           CreatedUtc)
 WHERE Status IN ('Exited', 'Removed');
GO

ALTER TABLE dbo.Objection ADD IdentityPurgedUtc DATETIME2 NULL;
GO

ALTER TABLE dbo.Report ADD IdentityPurgedUtc DATETIME2 NULL;
GO

-- Cases closed before 0019 have no ClosedUtc; their retention runs from the moment their timeline says they closed.
UPDATE dbo.Objection
   SET ClosedUtc = COALESCE(
           (SELECT MAX(e.CreatedUtc) FROM dbo.ObjectionEvent e WHERE e.ObjectionId = dbo.Objection.Id AND e.Kind = 'StateChanged' AND e.State = 'Closed'),
           RepliedUtc, ReceivedUtc)
 WHERE State = 'Closed' AND ClosedUtc IS NULL;
GO
