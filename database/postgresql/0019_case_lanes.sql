-- Two lanes (issue 15): every case has a stored Lane (it starts from the category and changes when an inspector takes
-- a case over or hands it over), a misconduct case its Disposition and the moments its named complainant was told of
-- the acceptance and the result, every case the moment it closed; a second appeal goes to the district's review
-- office, a new queue owned by the new ReviewOfficer role.
ALTER TABLE Objection ADD
    Lane              VARCHAR(20)  NOT NULL CONSTRAINT DF_Objection_Lane DEFAULT 'Administrative'
                                   CONSTRAINT CK_Objection_Lane CHECK (Lane IN ('Administrative', 'Misconduct')),
    ADD Disposition       VARCHAR(30)  NULL CONSTRAINT CK_Objection_Disposition
                                   CHECK (Disposition IN ('TalkOrLetterInquiry', 'PreliminaryVerification', 'HeldForLater', 'Concluded')),
    ADD AcceptanceToldUtc TIMESTAMPTZ    NULL,
    ADD ResultToldUtc     TIMESTAMPTZ    NULL,
    ADD ClosedUtc         TIMESTAMPTZ    NULL;
ALTER TABLE Objection DROP CONSTRAINT CK_Objection_Queue;
ALTER TABLE Objection ADD CONSTRAINT CK_Objection_Queue CHECK (Queue IN ('Township', 'District', 'DisciplineInspection', 'ReviewOffice'));
ALTER TABLE StaffUser DROP CONSTRAINT CK_StaffUser_Role;
ALTER TABLE StaffUser ADD CONSTRAINT CK_StaffUser_Role
    CHECK (Role IN ('VillageClerk', 'TownshipReviewer', 'DistrictReviewer', 'DisciplineInspector', 'ReviewOfficer', 'Administrator'));
-- Existing cases: the lane follows the category.
UPDATE Objection
   SET Lane = CASE WHEN Category IN ('Favouritism', 'MisuseOfFunds') THEN 'Misconduct' ELSE 'Administrative' END;

-- Open misconduct cases belong to discipline inspection: one a township's or the district's queue holds moves to
-- the district's inspection queue, unassigned. A state of the old single machine the misconduct lane does not have
-- (escalated, decided) becomes "under investigation": the inspector closes it with a disposition.
UPDATE Objection
   SET Queue = 'DisciplineInspection',
       QueueRegionCode = CASE WHEN Queue = 'Township' THEN (SELECT r.ParentCode FROM Region r WHERE r.Code = Objection.QueueRegionCode) ELSE QueueRegionCode END,
       AssignedTo = NULL,
       Concurrency = Concurrency + 1
 WHERE Lane = 'Misconduct' AND State <> 'Closed' AND Queue IN ('Township', 'District');

UPDATE Objection
   SET State = 'UnderInvestigation', Concurrency = Concurrency + 1
 WHERE Lane = 'Misconduct' AND State IN ('Escalated', 'Decided', 'Appealed');

-- An open administrative case that an appeal sent to discipline inspection under the old rule was a second appeal
-- (复核): it goes to the district's review office, unassigned.
UPDATE Objection
   SET Queue = 'ReviewOffice', AssignedTo = NULL, Concurrency = Concurrency + 1
 WHERE Lane = 'Administrative' AND State <> 'Closed' AND Queue = 'DisciplineInspection';
