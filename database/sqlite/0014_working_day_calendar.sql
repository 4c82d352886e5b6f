-- The working-day calendar: the years whose State Council schedule is loaded, and each loaded year's exceptional
-- dates. A weekday off is a Holiday, a Saturday or Sunday worked (调休) a MakeUpWorkday; every other date is a working
-- day from Monday to Friday. A year without a row in CalendarYear counts weekends only, and the portal says so.
CREATE TABLE CalendarYear (
    Year      INTEGER NOT NULL PRIMARY KEY CHECK (Year BETWEEN 2000 AND 2100),
    Source    TEXT    NOT NULL,
    LoadedUtc TEXT    NOT NULL
);

CREATE TABLE CalendarDay (
    Date       TEXT    NOT NULL PRIMARY KEY,
    Year       INTEGER NOT NULL REFERENCES CalendarYear (Year),
    Kind       TEXT    NOT NULL CHECK (Kind IN ('Holiday', 'MakeUpWorkday')),
    Name       TEXT    NOT NULL CHECK (length(Name) BETWEEN 1 AND 40),
    UpdatedUtc TEXT    NOT NULL,
    CHECK (CAST(substr(Date, 1, 4) AS INTEGER) = Year)
);

CREATE INDEX IX_CalendarDay_Year ON CalendarDay (Year, Date);
