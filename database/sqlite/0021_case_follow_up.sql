-- The complainant's follow-up after the reply (issue 15): was the problem resolved, are they satisfied. One answer per
-- case (the UNIQUE key refuses a second, however close the two arrive); each question may be left unanswered (NULL).
-- Nothing here says who answered: the answer is given with the case's receipt and stores no identity.
CREATE TABLE CaseFollowUp (
    Id           INTEGER PRIMARY KEY AUTOINCREMENT,
    ObjectionId  INTEGER NOT NULL UNIQUE REFERENCES Objection (Id),
    Resolved     INTEGER NULL,
    Satisfied    INTEGER NULL,
    OpenedAppeal INTEGER NOT NULL DEFAULT 0,
    AnsweredUtc  TEXT    NOT NULL
);
