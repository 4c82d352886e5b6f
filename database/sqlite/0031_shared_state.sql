-- What several instances share through the database (issue 17): which instance runs each background job (a lease
-- with an expiry, JobLeases), a counter of changes to public pages that every instance checks each second
-- (PublicPageCache), and the per-address events the submission and look-up limits count (AddressCounter).
CREATE TABLE JobLease (
    Name       TEXT NOT NULL PRIMARY KEY,
    Holder     TEXT NOT NULL,
    ExpiresUtc TEXT NOT NULL
);

CREATE TABLE PublicChange (
    Id         INTEGER NOT NULL PRIMARY KEY CHECK (Id = 1),
    Generation INTEGER NOT NULL
);

INSERT INTO PublicChange (Id, Generation) VALUES (1, 0);

CREATE TABLE AddressEvent (
    Id      INTEGER PRIMARY KEY AUTOINCREMENT,
    Kind    TEXT NOT NULL CHECK (Kind IN ('Submission', 'FailedLookup')),
    Address TEXT NOT NULL,
    AtUtc   TEXT NOT NULL
);

CREATE INDEX IX_AddressEvent_Address ON AddressEvent (Kind, Address, AtUtc);
CREATE INDEX IX_AddressEvent_At ON AddressEvent (AtUtc);

-- On a server database the Data Protection key ring and the keyed-hash key (DatabaseKeyRing), each encrypted by a
-- key-encryption key kept outside the database. SQLite keeps them as files; the tables stay empty there.
CREATE TABLE DataProtectionKey (
    Id           INTEGER PRIMARY KEY AUTOINCREMENT,
    FriendlyName TEXT NULL,
    Xml          TEXT NOT NULL
);

CREATE TABLE PortalKey (
    Name   TEXT NOT NULL PRIMARY KEY,
    Cipher TEXT NOT NULL
);
