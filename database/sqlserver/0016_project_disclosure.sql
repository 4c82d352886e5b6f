-- The fields the 2018 funds-and-projects disclosure guidance publishes for each project (扶贫资金项目公告公示):
-- place, construction task, subsidy standard, source of funds, period, responsible person, performance targets and how
-- the project benefits poor households. Null for projects recorded before they were asked for. AnnouncementEntry
-- carries the same fields, copied when a FundsAndProjects list is drafted, so a published version never changes.
ALTER TABLE dbo.Project ADD
    Place              NVARCHAR(200)  NULL,
    Task               NVARCHAR(1000) NULL,
    SubsidyStandard    NVARCHAR(200)  NULL,
    FundSource         NVARCHAR(200)  NULL,
    Schedule           NVARCHAR(200)  NULL,
    ResponsiblePerson  NVARCHAR(200)  NULL,
    PerformanceTargets NVARCHAR(1000) NULL,
    BenefitMechanism   NVARCHAR(1000) NULL;

ALTER TABLE dbo.AnnouncementEntry ADD
    Place              NVARCHAR(200)  NULL,
    Task               NVARCHAR(1000) NULL,
    SubsidyStandard    NVARCHAR(200)  NULL,
    FundSource         NVARCHAR(200)  NULL,
    Schedule           NVARCHAR(200)  NULL,
    ResponsiblePerson  NVARCHAR(200)  NULL,
    PerformanceTargets NVARCHAR(1000) NULL,
    BenefitMechanism   NVARCHAR(1000) NULL;
