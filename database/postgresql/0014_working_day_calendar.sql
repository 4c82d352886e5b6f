-- The working-day calendar: the years whose State Council schedule is loaded, and each loaded year's exceptional
-- dates. A weekday off is a Holiday, a Saturday or Sunday worked (调休) a MakeUpWorkday; every other date is a working
-- day from Monday to Friday. A year without a row in CalendarYear counts weekends only, and the portal says so.
CREATE TABLE CalendarYear (
    Year      INT           NOT NULL CONSTRAINT PK_CalendarYear PRIMARY KEY CONSTRAINT CK_CalendarYear_Year CHECK (Year BETWEEN 2000 AND 2100),
    Source    VARCHAR(200) NOT NULL,
    LoadedUtc TIMESTAMPTZ     NOT NULL
);

CREATE TABLE CalendarDay (
    Date       DATE         NOT NULL CONSTRAINT PK_CalendarDay PRIMARY KEY,
    Year       INT          NOT NULL CONSTRAINT FK_CalendarDay_Year REFERENCES CalendarYear (Year),
    Kind       VARCHAR(14)  NOT NULL CONSTRAINT CK_CalendarDay_Kind CHECK (Kind IN ('Holiday', 'MakeUpWorkday')),
    Name       VARCHAR(40) NOT NULL CONSTRAINT CK_CalendarDay_Name CHECK (LENGTH(Name) >= 1),
    UpdatedUtc TIMESTAMPTZ    NOT NULL,
    CONSTRAINT CK_CalendarDay_YearOfDate CHECK (CAST(EXTRACT(YEAR FROM Date) AS INTEGER) = Year)
);

CREATE INDEX IX_CalendarDay_Year ON CalendarDay (Year, Date);
