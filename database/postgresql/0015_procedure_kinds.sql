-- Announcement kinds are defined by the procedures in configuration: the Kind CHECK holds every AnnouncementKind,
-- now with MonitoringInclusion and RiskElimination (VARCHAR(20) holds the longest name).
ALTER TABLE Announcement DROP CONSTRAINT CK_Announcement_Kind;
ALTER TABLE Announcement ADD CONSTRAINT CK_Announcement_Kind
    CHECK (Kind IN ('Identification', 'Exit', 'AssistancePlan', 'FundsAndProjects', 'MonitoringInclusion', 'RiskElimination'));
