-- Staff two-factor sign-in (issue 16): a TOTP secret per enrolled user, encrypted with the personal-data key, and the
-- last time step it accepted (a code is good once: RFC 6238 §5.2); ten one-time recovery codes, kept as keyed hashes.
-- An administrator's reset deletes both rows; the next sign-in enrols again where the role requires it.
CREATE TABLE StaffTwoFactor (
    StaffUserId  INTEGER NOT NULL PRIMARY KEY REFERENCES StaffUser (Id),
    SecretCipher TEXT    NOT NULL CHECK (length(SecretCipher) BETWEEN 1 AND 1000),
    LastStep     INTEGER NOT NULL,
    EnrolledUtc  TEXT    NOT NULL
);

CREATE TABLE StaffRecoveryCode (
    Id          INTEGER PRIMARY KEY AUTOINCREMENT,
    StaffUserId INTEGER NOT NULL REFERENCES StaffUser (Id),
    CodeHash    TEXT    NOT NULL CHECK (length(CodeHash) = 64),
    UsedUtc     TEXT    NULL
);

CREATE UNIQUE INDEX UX_StaffRecoveryCode_User ON StaffRecoveryCode (StaffUserId, CodeHash);
