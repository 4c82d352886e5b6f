-- Announcement kinds are defined by the procedures in configuration: the Kind CHECK holds every AnnouncementKind,
-- now with MonitoringInclusion and RiskElimination (VARCHAR(20) holds the longest name).
ALTER TABLE dbo.Announcement DROP CONSTRAINT CK_Announcement_Kind;
GO
ALTER TABLE dbo.Announcement ADD CONSTRAINT CK_Announcement_Kind
    CHECK (Kind IN ('Identification', 'Exit', 'AssistancePlan', 'FundsAndProjects', 'MonitoringInclusion', 'RiskElimination'));
