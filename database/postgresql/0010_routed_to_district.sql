-- A township case that no township reviewer may decide (every one has a conflict, lives in the village or recused)
-- goes to the district's queue on its own; the flag says why it is there.
ALTER TABLE Objection ADD RoutedToDistrict BOOLEAN NOT NULL CONSTRAINT DF_Objection_RoutedToDistrict DEFAULT FALSE;
