-- A deadline of a case extended once, with the reason the complainant reads on /track (PRACTICE: "+30 with a
-- reason"). UNIQUE (ObjectionId, Deadline): a second extension of the same deadline is refused by the database
-- itself, however many reviewers ask at the same moment. ExtendedTo is an Asia/Shanghai date; the deadline ends at
-- its 24:00.
CREATE TABLE DeadlineExtension (
    Id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ObjectionId INTEGER NOT NULL REFERENCES Objection (Id),
    Deadline    TEXT    NOT NULL CHECK (Deadline IN ('Acceptance', 'Reply')),
    ExtendedTo  TEXT    NOT NULL,
    Reason      TEXT    NOT NULL CHECK (length(Reason) BETWEEN 1 AND 500),
    Actor       TEXT    NOT NULL,
    CreatedUtc  TEXT    NOT NULL,
    UNIQUE (ObjectionId, Deadline)
);
