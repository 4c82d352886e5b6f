-- Two people to reveal a named complainant (issue 16): an inspector asks with a reason, a second inspector approves or
-- refuses with a reason, and only then may the asker look, until ExpiresUtc (Review:IdentityRevealHours after the
-- approval). One pending request per case and asker (the filtered UNIQUE index refuses a second, however close the two
-- arrive); a decision is one conditional UPDATE of a pending row, so of two approvers exactly one decides.
CREATE TABLE IdentityRevealRequest (
    Id             INTEGER PRIMARY KEY AUTOINCREMENT,
    ObjectionId    INTEGER NOT NULL REFERENCES Objection (Id),
    Asker          TEXT    NOT NULL,
    Reason         TEXT    NOT NULL CHECK (length(Reason) BETWEEN 1 AND 500),
    AskedUtc       TEXT    NOT NULL,
    State          TEXT    NOT NULL CHECK (State IN ('Pending', 'Approved', 'Refused')),
    Decider        TEXT    NULL,
    DecisionReason TEXT    NULL CHECK (length(DecisionReason) BETWEEN 1 AND 500),
    DecidedUtc     TEXT    NULL,
    ExpiresUtc     TEXT    NULL,
    CHECK (Decider IS NULL OR Decider <> Asker)
);

CREATE UNIQUE INDEX UX_IdentityRevealRequest_PendingPerAsker ON IdentityRevealRequest (ObjectionId, Asker) WHERE State = 'Pending';
CREATE INDEX IX_IdentityRevealRequest_State ON IdentityRevealRequest (State, ObjectionId);

-- Each time an approved asker looked at the identity: the complainant reads these moments on /track, never who looked.
CREATE TABLE IdentityRevealView (
    Id        INTEGER PRIMARY KEY AUTOINCREMENT,
    RequestId INTEGER NOT NULL REFERENCES IdentityRevealRequest (Id),
    ViewedUtc TEXT    NOT NULL
);

CREATE INDEX IX_IdentityRevealView_Request ON IdentityRevealView (RequestId);
