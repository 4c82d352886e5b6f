-- What the chain's verification has found (issue 18). GET /api/v1/audit/verify checks only the events after
-- LastEventId: the chain up to it (Length events, ending in Hash) was found intact at CheckedUtc. The full
-- re-verification (a daily background round and the verify-audit command) records when it last completed, how many
-- events it read and the first one that did not fit, if any (0: events the head row counts are missing).
CREATE TABLE dbo.AuditVerified (
    Id             INT       NOT NULL CONSTRAINT PK_AuditVerified PRIMARY KEY CONSTRAINT CK_AuditVerified_One CHECK (Id = 1),
    LastEventId    BIGINT    NOT NULL,
    Length         BIGINT    NOT NULL,
    Hash           CHAR(64)  NOT NULL,
    CheckedUtc     DATETIME2 NULL,
    FullCheckedUtc DATETIME2 NULL,
    FullLength     BIGINT    NULL,
    FullFirstBadId BIGINT    NULL
);

INSERT INTO dbo.AuditVerified (Id, LastEventId, Length, Hash) VALUES (1, 0, 0, '0000000000000000000000000000000000000000000000000000000000000000');
