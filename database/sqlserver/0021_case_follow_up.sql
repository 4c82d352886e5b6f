-- The complainant's follow-up after the reply (issue 15): was the problem resolved, are they satisfied. One answer per
-- case (the UNIQUE key refuses a second, however close the two arrive); each question may be left unanswered (NULL).
-- Nothing here says who answered: the answer is given with the case's receipt and stores no identity.
CREATE TABLE dbo.CaseFollowUp (
    Id           BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT PK_CaseFollowUp PRIMARY KEY,
    ObjectionId  BIGINT    NOT NULL CONSTRAINT UQ_CaseFollowUp_Objection UNIQUE
                           CONSTRAINT FK_CaseFollowUp_Objection REFERENCES dbo.Objection (Id),
    Resolved     BIT       NULL,
    Satisfied    BIT       NULL,
    OpenedAppeal BIT       NOT NULL CONSTRAINT DF_CaseFollowUp_OpenedAppeal DEFAULT 0,
    AnsweredUtc  DATETIME2 NOT NULL
);
