-- The monitoring case a report's inclusion opened (防止返贫致贫对象纳入): set in the transaction that includes the report,
-- null for every other report. One report per case.
ALTER TABLE Report ADD MonitoringCaseId BIGINT NULL CONSTRAINT FK_Report_MonitoringCase REFERENCES MonitoringCase (Id);
CREATE UNIQUE INDEX UX_Report_MonitoringCase ON Report (MonitoringCaseId) WHERE MonitoringCaseId IS NOT NULL;
