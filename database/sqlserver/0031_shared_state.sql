-- What several instances share through the database (issue 17): which instance runs each background job (a lease
-- with an expiry, JobLeases), a counter of changes to public pages that every instance checks each second
-- (PublicPageCache), and the per-address events the submission and look-up limits count (AddressCounter).
CREATE TABLE dbo.JobLease (
    Name       VARCHAR(100)  NOT NULL CONSTRAINT PK_JobLease PRIMARY KEY,
    Holder     NVARCHAR(200) NOT NULL,
    ExpiresUtc DATETIME2     NOT NULL
);

CREATE TABLE dbo.PublicChange (
    Id         INT    NOT NULL CONSTRAINT PK_PublicChange PRIMARY KEY CONSTRAINT CK_PublicChange_One CHECK (Id = 1),
    Generation BIGINT NOT NULL
);

INSERT INTO dbo.PublicChange (Id, Generation) VALUES (1, 0);

CREATE TABLE dbo.AddressEvent (
    Id      BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_AddressEvent PRIMARY KEY,
    Kind    VARCHAR(20)  NOT NULL CONSTRAINT CK_AddressEvent_Kind CHECK (Kind IN ('Submission', 'FailedLookup')),
    Address VARCHAR(64)  NOT NULL,
    AtUtc   DATETIME2    NOT NULL
);

CREATE INDEX IX_AddressEvent_Address ON dbo.AddressEvent (Kind, Address, AtUtc);
CREATE INDEX IX_AddressEvent_At ON dbo.AddressEvent (AtUtc);

-- On a server database the Data Protection key ring and the keyed-hash key (DatabaseKeyRing), each encrypted by a
-- key-encryption key kept outside the database. SQLite keeps them as files; the tables stay empty there.
CREATE TABLE dbo.DataProtectionKey (
    Id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_DataProtectionKey PRIMARY KEY,
    FriendlyName NVARCHAR(200) NULL,
    Xml          NVARCHAR(MAX) NOT NULL
);

CREATE TABLE dbo.PortalKey (
    Name   VARCHAR(50)   NOT NULL CONSTRAINT PK_PortalKey PRIMARY KEY,
    Cipher NVARCHAR(MAX) NOT NULL
);
