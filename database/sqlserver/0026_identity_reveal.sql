-- Two people to reveal a named complainant (issue 16): an inspector asks with a reason, a second inspector approves or
-- refuses with a reason, and only then may the asker look, until ExpiresUtc (Review:IdentityRevealHours after the
-- approval). One pending request per case and asker (the filtered UNIQUE index refuses a second, however close the two
-- arrive); a decision is one conditional UPDATE of a pending row, so of two approvers exactly one decides.
CREATE TABLE dbo.IdentityRevealRequest (
    Id             BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_IdentityRevealRequest PRIMARY KEY,
    ObjectionId    BIGINT        NOT NULL CONSTRAINT FK_IdentityRevealRequest_Objection REFERENCES dbo.Objection (Id),
    Asker          NVARCHAR(64)  NOT NULL,
    Reason         NVARCHAR(500) NOT NULL CONSTRAINT CK_IdentityRevealRequest_Reason CHECK (LEN(Reason) >= 1),
    AskedUtc       DATETIME2     NOT NULL,
    State          VARCHAR(10)   NOT NULL CONSTRAINT CK_IdentityRevealRequest_State CHECK (State IN ('Pending', 'Approved', 'Refused')),
    Decider        NVARCHAR(64)  NULL,
    DecisionReason NVARCHAR(500) NULL CONSTRAINT CK_IdentityRevealRequest_DecisionReason CHECK (LEN(DecisionReason) >= 1),
    DecidedUtc     DATETIME2     NULL,
    ExpiresUtc     DATETIME2     NULL,
    CONSTRAINT CK_IdentityRevealRequest_SecondPerson CHECK (Decider IS NULL OR Decider <> Asker)
);

CREATE UNIQUE INDEX UX_IdentityRevealRequest_PendingPerAsker ON dbo.IdentityRevealRequest (ObjectionId, Asker) WHERE State = 'Pending';
CREATE INDEX IX_IdentityRevealRequest_State ON dbo.IdentityRevealRequest (State, ObjectionId);

-- Each time an approved asker looked at the identity: the complainant reads these moments on /track, never who looked.
CREATE TABLE dbo.IdentityRevealView (
    Id        BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_IdentityRevealView PRIMARY KEY,
    RequestId BIGINT    NOT NULL CONSTRAINT FK_IdentityRevealView_Request REFERENCES dbo.IdentityRevealRequest (Id),
    ViewedUtc DATETIME2 NOT NULL
);

CREATE INDEX IX_IdentityRevealView_Request ON dbo.IdentityRevealView (RequestId);
