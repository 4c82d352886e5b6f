-- What the chain's verification has found (issue 18). GET /api/v1/audit/verify checks only the events after
-- LastEventId: the chain up to it (Length events, ending in Hash) was found intact at CheckedUtc. The full
-- re-verification (a daily background round and the verify-audit command) records when it last completed, how many
-- events it read and the first one that did not fit, if any (0: events the head row counts are missing).
CREATE TABLE AuditVerified (
    Id             INTEGER NOT NULL PRIMARY KEY CHECK (Id = 1),
    LastEventId    INTEGER NOT NULL,
    Length         INTEGER NOT NULL,
    Hash           TEXT    NOT NULL,
    CheckedUtc     TEXT    NULL,
    FullCheckedUtc TEXT    NULL,
    FullLength     INTEGER NULL,
    FullFirstBadId INTEGER NULL
);

INSERT INTO AuditVerified (Id, LastEventId, Length, Hash) VALUES (1, 0, 0, '0000000000000000000000000000000000000000000000000000000000000000');
