-- Staff two-factor sign-in (issue 16): a TOTP secret per enrolled user, encrypted with the personal-data key, and the
-- last time step it accepted (a code is good once: RFC 6238 §5.2); ten one-time recovery codes, kept as keyed hashes.
-- An administrator's reset deletes both rows; the next sign-in enrols again where the role requires it.
CREATE TABLE dbo.StaffTwoFactor (
    StaffUserId  BIGINT        NOT NULL CONSTRAINT PK_StaffTwoFactor PRIMARY KEY CONSTRAINT FK_StaffTwoFactor_User REFERENCES dbo.StaffUser (Id),
    SecretCipher VARCHAR(1000) NOT NULL,
    LastStep     BIGINT        NOT NULL,
    EnrolledUtc  DATETIME2     NOT NULL
);

CREATE TABLE dbo.StaffRecoveryCode (
    Id          BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_StaffRecoveryCode PRIMARY KEY,
    StaffUserId BIGINT      NOT NULL CONSTRAINT FK_StaffRecoveryCode_User REFERENCES dbo.StaffUser (Id),
    CodeHash    CHAR(64)    NOT NULL,
    UsedUtc     DATETIME2   NULL
);

CREATE UNIQUE INDEX UX_StaffRecoveryCode_User ON dbo.StaffRecoveryCode (StaffUserId, CodeHash);
