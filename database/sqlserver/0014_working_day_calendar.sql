-- The working-day calendar: the years whose State Council schedule is loaded, and each loaded year's exceptional
-- dates. A weekday off is a Holiday, a Saturday or Sunday worked (调休) a MakeUpWorkday; every other date is a working
-- day from Monday to Friday. A year without a row in CalendarYear counts weekends only, and the portal says so.
CREATE TABLE dbo.CalendarYear (
    Year      INT           NOT NULL CONSTRAINT PK_CalendarYear PRIMARY KEY CONSTRAINT CK_CalendarYear_Year CHECK (Year BETWEEN 2000 AND 2100),
    Source    NVARCHAR(200) NOT NULL,
    LoadedUtc DATETIME2     NOT NULL
);

CREATE TABLE dbo.CalendarDay (
    Date       DATE         NOT NULL CONSTRAINT PK_CalendarDay PRIMARY KEY,
    Year       INT          NOT NULL CONSTRAINT FK_CalendarDay_Year REFERENCES dbo.CalendarYear (Year),
    Kind       VARCHAR(14)  NOT NULL CONSTRAINT CK_CalendarDay_Kind CHECK (Kind IN ('Holiday', 'MakeUpWorkday')),
    Name       NVARCHAR(40) NOT NULL CONSTRAINT CK_CalendarDay_Name CHECK (LEN(Name) >= 1),
    UpdatedUtc DATETIME2    NOT NULL,
    CONSTRAINT CK_CalendarDay_YearOfDate CHECK (YEAR(Date) = Year)
);

CREATE INDEX IX_CalendarDay_Year ON dbo.CalendarDay (Year, Date);
