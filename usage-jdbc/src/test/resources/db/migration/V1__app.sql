-- An application's own first migration, in Flyway's default location, beside usage-jdbc's jar.
CREATE TABLE app_customers (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);
