-- Retention and purge (issue 16): a closed case's complainant identity and attachments, a decided report's reporter
-- identity and the encrypted ID and phone numbers of a household that left the programme are deleted after their
-- retention time (Features/Retention); the keyed hashes stay. Each row keeps the moment it was purged, so staff pages
-- say what was deleted and when. A household keeps the moment it left the programme (Exited or Removed).
ALTER TABLE Household ALTER COLUMN IdNumberCipher DROP NOT NULL;
ALTER TABLE Household ADD LeftProgrammeUtc TIMESTAMPTZ NULL, ADD IdNumberPurgedUtc TIMESTAMPTZ NULL;
-- A household out of the programme left when the finalized notice moved it there; one that came in already Exited (an
-- import) left at the latest at the end of its exit year (Asia/Shanghai), and no later than it came in.
UPDATE Household
   SET LeftProgrammeUtc = COALESCE(
           (SELECT MAX(c.ChangedUtc) FROM HouseholdStatusChange c WHERE c.HouseholdId = Household.Id AND c.ToStatus = Household.Status),
           CASE WHEN Status = 'Exited' AND ExitYear IS NOT NULL
                THEN (SELECT MIN(t) FROM (VALUES (MAKE_TIMESTAMPTZ(ExitYear, 12, 31, 16, 0, 0, 'UTC')), (CreatedUtc)) AS v (t)) END,
           CreatedUtc)
 WHERE Status IN ('Exited', 'Removed');
ALTER TABLE Objection ADD IdentityPurgedUtc TIMESTAMPTZ NULL;
ALTER TABLE Report ADD IdentityPurgedUtc TIMESTAMPTZ NULL;
-- Cases closed before 0019 have no ClosedUtc; their retention runs from the moment their timeline says they closed.
UPDATE Objection
   SET ClosedUtc = COALESCE(
           (SELECT MAX(e.CreatedUtc) FROM ObjectionEvent e WHERE e.ObjectionId = Objection.Id AND e.Kind = 'StateChanged' AND e.State = 'Closed'),
           RepliedUtc, ReceivedUtc)
 WHERE State = 'Closed' AND ClosedUtc IS NULL;
