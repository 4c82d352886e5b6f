-- A staff user's security stamp changes when the account is deactivated; a session made before that no longer counts.
ALTER TABLE dbo.StaffUser ADD SecurityStamp VARCHAR(64) NOT NULL CONSTRAINT DF_StaffUser_SecurityStamp DEFAULT '';

-- One row per signed-in browser: the cookie carries a random token, stored here only as its SHA-256. A session ends
-- when its user signs out, is deactivated, or leaves it idle; an ended session never comes back.
CREATE TABLE dbo.StaffSession (
    Id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_StaffSession PRIMARY KEY,
    TokenHash     VARCHAR(64) NOT NULL CONSTRAINT UQ_StaffSession_Token UNIQUE,
    StaffUserId   BIGINT      NOT NULL CONSTRAINT FK_StaffSession_User REFERENCES dbo.StaffUser (Id),
    SecurityStamp VARCHAR(64) NOT NULL,
    CreatedUtc    DATETIME2   NOT NULL,
    LastSeenUtc   DATETIME2   NOT NULL,
    EndedUtc      DATETIME2   NULL
);

CREATE INDEX IX_StaffSession_User ON dbo.StaffSession (StaffUserId, EndedUtc);

-- Sign-in attempts per client address and typed name (a keyed hash of it; '' counts every name from the address),
-- in windows of a few minutes. An attempt is counted here before its password is checked.
CREATE TABLE dbo.SignInAttempt (
    Address        VARCHAR(64) NOT NULL,
    NameHash       VARCHAR(64) NOT NULL,
    WindowStartUtc DATETIME2   NOT NULL,
    Attempts       INT         NOT NULL,
    CONSTRAINT PK_SignInAttempt PRIMARY KEY (Address, NameHash)
);

CREATE INDEX IX_SignInAttempt_Window ON dbo.SignInAttempt (WindowStartUtc);
