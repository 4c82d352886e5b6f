-- When the complainant last appealed a case: the answer to an appeal is due from then (ReviewWorkflow.Deadlines), not
-- from the receipt. Cases appealed before this migration take the time of their last escalation.
ALTER TABLE Objection ADD AppealedUtc TIMESTAMPTZ NULL;
UPDATE Objection
   SET AppealedUtc = (SELECT MAX(e.CreatedUtc) FROM ObjectionEvent e
                       WHERE e.ObjectionId = Objection.Id AND e.Kind = 'StateChanged' AND e.State = 'Escalated')
 WHERE EXISTS (SELECT 1 FROM ObjectionEvent e WHERE e.ObjectionId = Objection.Id AND e.Kind = 'StateChanged' AND e.State = 'Escalated');
