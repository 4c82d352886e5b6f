-- Year-round reports (反映 / 申报): a household at risk, one left out, or a household reporting itself, at any time and
-- tied to no announcement. Routed to the township of the village; a home visit and a decision each have a clock.
CREATE TABLE Report (
    Id              INTEGER PRIMARY KEY AUTOINCREMENT,
    CaseNumber      TEXT    NULL UNIQUE,
    ReceiptHash     TEXT    NOT NULL UNIQUE,
    VillageCode     TEXT    NOT NULL REFERENCES Region (Code),
    Kind            TEXT    NOT NULL CHECK (Kind IN ('AtRisk', 'LeftOut', 'SelfReport')),
    Subject         TEXT    NOT NULL,
    Text            TEXT    NOT NULL,
    Anonymous       INTEGER NOT NULL,
    IdentityCipher  TEXT    NULL,
    Consent         INTEGER NOT NULL,
    State           TEXT    NOT NULL CHECK (State IN ('Received', 'Visited', 'Included', 'Refused')),
    QueueRegionCode TEXT    NOT NULL REFERENCES Region (Code),
    AssignedTo      TEXT    NULL,
    VisitedUtc      TEXT    NULL,
    DecidedUtc      TEXT    NULL,
    RefusalReason   TEXT    NULL,
    ReceivedUtc     TEXT    NOT NULL,
    Concurrency     INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX IX_Report_Queue ON Report (QueueRegionCode, State);

-- What happened to a report, in order: received, visited, included or refused (the refusal with its reason).
CREATE TABLE ReportEvent (
    Id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ReportId   INTEGER NOT NULL REFERENCES Report (Id),
    Kind       TEXT    NOT NULL CHECK (Kind IN ('Received', 'Visited', 'Included', 'Refused')),
    Text       TEXT    NULL,
    Actor      TEXT    NULL,
    CreatedUtc TEXT    NOT NULL
);

CREATE INDEX IX_ReportEvent_Report ON ReportEvent (ReportId, Id);
