-- When the complainant last appealed a case: the answer to an appeal is due from then (ReviewWorkflow.Deadlines), not
-- from the receipt. Cases appealed before this migration take the time of their last escalation.
ALTER TABLE dbo.Objection ADD AppealedUtc DATETIME2 NULL;
GO

UPDATE dbo.Objection
   SET AppealedUtc = (SELECT MAX(e.CreatedUtc) FROM dbo.ObjectionEvent e
                       WHERE e.ObjectionId = dbo.Objection.Id AND e.Kind = 'StateChanged' AND e.State = 'Escalated')
 WHERE EXISTS (SELECT 1 FROM dbo.ObjectionEvent e WHERE e.ObjectionId = dbo.Objection.Id AND e.Kind = 'StateChanged' AND e.State = 'Escalated');
GO
