-- The sample application's own schema, in Flyway's default location: the usage library's scripts
-- live under dev/usage/jdbc/migration/, so Flyway never sees them.
CREATE TABLE calls (
  id VARCHAR(64) PRIMARY KEY,
  organization VARCHAR(64) NOT NULL,
  workspace VARCHAR(64) NOT NULL,
  seconds INT NOT NULL
);
