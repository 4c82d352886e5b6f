-- The audit chain's head (issue 17): one row holding the chain's length and last hash, updated in the transaction of
-- every append. An append first updates this row, which on every engine takes the lock that orders the appends
-- (SQLite: the write lock; SQL Server and PostgreSQL: the row lock), and then reads the head it chains onto; the
-- length and head are read in O(1).
CREATE TABLE AuditHead (
    Id     INT      NOT NULL CONSTRAINT PK_AuditHead PRIMARY KEY CONSTRAINT CK_AuditHead_One CHECK (Id = 1),
    Length BIGINT   NOT NULL,
    Hash   CHAR(64) NOT NULL
);

INSERT INTO AuditHead (Id, Length, Hash)
SELECT 1, COUNT(*), COALESCE((SELECT Hash FROM AuditEvent ORDER BY Id DESC LIMIT 1),
                             '0000000000000000000000000000000000000000000000000000000000000000')
  FROM AuditEvent;
