-- A staff user's security stamp changes when the account is deactivated; a session made before that no longer counts.
ALTER TABLE StaffUser ADD COLUMN SecurityStamp TEXT NOT NULL DEFAULT '';

-- One row per signed-in browser: the cookie carries a random token, stored here only as its SHA-256. A session ends
-- when its user signs out, is deactivated, or leaves it idle; an ended session never comes back.
CREATE TABLE StaffSession (
    Id            INTEGER PRIMARY KEY AUTOINCREMENT,
    TokenHash     TEXT    NOT NULL UNIQUE,
    StaffUserId   INTEGER NOT NULL REFERENCES StaffUser (Id),
    SecurityStamp TEXT    NOT NULL,
    CreatedUtc    TEXT    NOT NULL,
    LastSeenUtc   TEXT    NOT NULL,
    EndedUtc      TEXT    NULL
);

CREATE INDEX IX_StaffSession_User ON StaffSession (StaffUserId, EndedUtc);

-- Sign-in attempts per client address and typed name (a keyed hash of it; '' counts every name from the address),
-- in windows of a few minutes. An attempt is counted here before its password is checked.
CREATE TABLE SignInAttempt (
    Address        TEXT    NOT NULL,
    NameHash       TEXT    NOT NULL,
    WindowStartUtc TEXT    NOT NULL,
    Attempts       INTEGER NOT NULL,
    PRIMARY KEY (Address, NameHash)
);

CREATE INDEX IX_SignInAttempt_Window ON SignInAttempt (WindowStartUtc);
