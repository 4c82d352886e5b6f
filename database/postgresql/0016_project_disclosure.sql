-- The fields the 2018 funds-and-projects disclosure guidance publishes for each project (扶贫资金项目公告公示):
-- place, construction task, subsidy standard, source of funds, period, responsible person, performance targets and how
-- the project benefits poor households. Null for projects recorded before they were asked for. AnnouncementEntry
-- carries the same fields, copied when a FundsAndProjects list is drafted, so a published version never changes.
ALTER TABLE Project ADD
    Place              VARCHAR(200)  NULL,
    ADD Task               VARCHAR(1000) NULL,
    ADD SubsidyStandard    VARCHAR(200)  NULL,
    ADD FundSource         VARCHAR(200)  NULL,
    ADD Schedule           VARCHAR(200)  NULL,
    ADD ResponsiblePerson  VARCHAR(200)  NULL,
    ADD PerformanceTargets VARCHAR(1000) NULL,
    ADD BenefitMechanism   VARCHAR(1000) NULL;

ALTER TABLE AnnouncementEntry ADD
    Place              VARCHAR(200)  NULL,
    ADD Task               VARCHAR(1000) NULL,
    ADD SubsidyStandard    VARCHAR(200)  NULL,
    ADD FundSource         VARCHAR(200)  NULL,
    ADD Schedule           VARCHAR(200)  NULL,
    ADD ResponsiblePerson  VARCHAR(200)  NULL,
    ADD PerformanceTargets VARCHAR(1000) NULL,
    ADD BenefitMechanism   VARCHAR(1000) NULL;
